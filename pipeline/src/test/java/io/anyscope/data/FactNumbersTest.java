package io.anyscope.data;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan's fact numbers are the analytics' (mart_blob_usages' windows), computed by DuckDB itself here: strings in
 * DuckDB's VARCHAR order (code points, not Java's UTF-16 units: an emoji sorts after U+FFFD), DuckDB's trim (spaces
 * only), library NULLS LAST and via NULLS FIRST.
 */
class FactNumbersTest {
    private static final List<String> TEXTS = List.of("a", "B", "é", "\uFFFD", "\uE000", "😀", "a\tb", "", "ab",
            "a b", " a", "a ", "\ta");

    @Test
    void stringsCompareAsDuckDbOrdersVarchar() throws Exception {
        List<String> java = new ArrayList<>(TEXTS);
        java.sort(FactNumbers::compareCodePoints);
        assertThat(java).containsExactlyElementsOf(duckDb("SELECT s FROM t ORDER BY s"));
        List<String> trimmed = TEXTS.stream().map(FactNumbers::trimSpaces).toList();
        assertThat(trimmed).containsExactlyElementsOf(duckDb("SELECT trim(s) FROM t ORDER BY i"));
    }

    @Test
    void numbersAreTheWindowsOfMartBlobUsages() throws Exception {
        // one blob: a repeated line (occurrences 1, 2), candidates and a patch (no occurrence), a null library
        // (after anyio), and the same (symbol, line) with leading spaces and a tab (trim: the tab stays: another
        // group). No two sites of a group tie on (line, col, kind): the SQL would number those either way.
        Object[][] facts = {
                {3, 5, "call", "asyncio.sleep", "asyncio", null, null, "await asyncio.sleep(1)"},
                {1, 1, "import", "asyncio", "asyncio", null, null, "import asyncio"},
                {3, 5, "call", "anyio.sleep", "anyio", ".aio", "sleep", "await asyncio.sleep(1)"},
                {3, 5, "call", "anyio.sleep", null, ".aio", "sleep", "await asyncio.sleep(1)"},
                {7, 9, "call", "asyncio.sleep", "asyncio", null, null, "  await asyncio.sleep(1)"},
                {9, 9, "call", "asyncio.sleep", "asyncio", null, null, "\tawait asyncio.sleep(1)"},
                {2, 1, "patch", "asyncio.sleep", "asyncio", null, null, "asyncio.sleep = f"},
                {3, 5, "access", "asyncio.sleep", "asyncio", null, null, "await asyncio.sleep(1)"},
        };
        List<GenericRecord> rows = new ArrayList<>();
        for (Object[] f : facts) {
            GenericRecord r = new GenericData.Record(Tables.schema(Tables.USAGES));
            String[] names = {"line", "col", "kind", "symbol", "library", "via", "via_name", "source_line"};
            for (int i = 0; i < names.length; i++) {
                r.put(names[i], f[i]);
            }
            rows.add(r);
        }
        FactNumbers.number(rows);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE u (i INT, line INT, col INT, kind VARCHAR, symbol VARCHAR, library VARCHAR, "
                    + "via VARCHAR, via_name VARCHAR, source_line VARCHAR)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO u VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < facts.length; i++) {
                    p.setInt(1, i);
                    for (int k = 0; k < 8; k++) {
                        p.setObject(k + 2, facts[i][k]);
                    }
                    p.execute();
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT i, row_number() OVER (ORDER BY line, col, kind, symbol, library, via NULLS FIRST,
                                                          via_name NULLS FIRST) AS fact_no,
                           CASE WHEN via IS NULL AND kind NOT IN ('patch', 'reexport') THEN
                                row_number() OVER (PARTITION BY via IS NULL AND kind NOT IN ('patch', 'reexport'),
                                                   symbol, trim(source_line) ORDER BY line, col, kind) END
                    FROM u ORDER BY i""")) {
                List<String> expected = new ArrayList<>();
                while (rs.next()) {
                    expected.add(rs.getInt(1) + ": " + rs.getLong(2) + " " + rs.getObject(3));
                }
                List<String> actual = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    actual.add(i + ": " + rows.get(i).get("fact_no") + " " + rows.get(i).get("blob_occurrence"));
                }
                assertThat(actual).containsExactlyElementsOf(expected);
            }
        }
    }

    private static List<String> duckDb(String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (i INT, s VARCHAR)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 0; i < TEXTS.size(); i++) {
                    p.setInt(1, i);
                    p.setString(2, TEXTS.get(i));
                    p.execute();
                }
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
