package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anyscope.data.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data product's descriptions: every view, ref_ table and column of the warehouse has one in the single source
 * (src/sql/descriptions.yaml), the warehouse applies them as COMMENT ON, every entry of the source names something
 * that exists, every declared key identifies a row, and every field of the Avro schemas has a doc.
 */
class DescriptionsTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void fixture() throws Exception {
        data = AnalyticsFixture.write(tmp.resolve("DATA"));
    }

    @Test
    void everyViewTableAndColumnHasADescriptionGrainAndKey() throws Exception {
        Descriptions d = Descriptions.shipped();
        List<String> missing = new ArrayList<>();
        try (Warehouse w = Warehouse.open(data)) {
            List<Descriptions.Relation> relations = Descriptions.relations(w.connection());
            assertThat(relations).extracting(Descriptions.Relation::name).contains("stg_repos", "ref_categories",
                    "mart_velocity", "rpt_progress_org");
            for (Descriptions.Relation r : relations) {
                if (d.object(r.name()) == null) {
                    missing.add((r.view() ? "view " : "table ") + r.name());
                }
                for (String c : r.columns()) {
                    if (d.column(r.name(), c) == null) {
                        missing.add("column " + r.name() + "." + c);
                    }
                }
            }
        }
        assertThat(missing).as("add these to src/sql/descriptions.yaml (objects: or the columns: glossary)").isEmpty();
    }

    @Test
    void everyEntryNamesAnObjectOrColumnThatExists() throws Exception {
        Descriptions d = Descriptions.shipped();
        List<String> stale = new ArrayList<>();
        Set<String> usedGlossary = new HashSet<>();
        try (Warehouse w = Warehouse.open(data)) {
            List<Descriptions.Relation> relations = Descriptions.relations(w.connection());
            Set<String> names = new HashSet<>();
            for (Descriptions.Relation r : relations) {
                names.add(r.name());
                usedGlossary.addAll(r.columns());
                Descriptions.ObjectDoc o = d.object(r.name());
                if (o == null) {
                    continue;
                }
                for (String c : o.columns().keySet()) {
                    if (!r.columns().contains(c)) {
                        stale.add(r.name() + ".columns." + c + " (no such column)");
                    }
                }
                for (String k : o.key()) {
                    if (!r.columns().contains(k)) {
                        stale.add(r.name() + ".key " + k + " (no such column)");
                    }
                }
            }
            for (String o : d.objects().keySet()) {
                if (!names.contains(o)) {
                    stale.add("objects." + o + " (no such view or table)");
                }
            }
        }
        for (String g : d.glossary().keySet()) {
            if (!usedGlossary.contains(g)) {
                stale.add("columns." + g + " (no view or table has that column)");
            }
        }
        assertThat(stale).as("entries of src/sql/descriptions.yaml that describe nothing").isEmpty();
    }

    /** A declared key identifies a row: no two rows of the fixture's data share it. */
    @Test
    void everyDeclaredKeyIsUniqueOverTheFixture() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(SqlDataTests.repeatedKeys(w)).isEmpty();
        }
    }

    @Test
    void theWarehouseCommentsEveryViewTableAndColumn() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            Table objects = w.query("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' "
                    + "AND database_name = current_database() UNION ALL SELECT view_name, comment FROM duckdb_views() "
                    + "WHERE schema_name = 'main' AND database_name = current_database() AND NOT internal ORDER BY 1");
            assertThat(objects.rows()).hasSizeGreaterThan(80).allSatisfy(r -> assertThat(r.get(1)).as(r.get(0)
                    .toString()).isNotNull());
            assertThat(w.query("SELECT comment FROM duckdb_views() WHERE view_name = 'mart_velocity' "
                    + "AND database_name = current_database()").rows().get(0)
                    .get(0).toString()).contains("Grain: one row per repository plus one 'org' row.",
                    "Key: level, name.");
            Table columns = w.query("SELECT table_name || '.' || column_name, comment FROM duckdb_columns() "
                    + "WHERE schema_name = 'main' AND database_name = current_database() AND NOT internal");
            assertThat(columns.rows()).hasSizeGreaterThan(1000).allSatisfy(r -> assertThat(r.get(1))
                    .as(r.get(0).toString()).isNotNull());
            assertThat(w.query("SELECT comment FROM duckdb_columns() WHERE table_name = 'stg_repos' "
                    + "AND database_name = current_database() AND column_name = 'name'").rows().get(0).get(0)).asString().startsWith("Display name");
            assertThat(w.query("SELECT comment FROM duckdb_columns() WHERE table_name = 'mart_repos' "
                    + "AND database_name = current_database() AND column_name = 'repo_id'").rows().get(0).get(0)).asString().startsWith("Stable repository id");
        }
    }

    @Test
    void everyAvroFieldAndSchemaHasADoc() {
        List<String> missing = new ArrayList<>();
        for (String t : Tables.ALL) {
            Schema s = Tables.schema(t);
            if (s.getDoc() == null || s.getDoc().isBlank()) {
                missing.add("schemas/" + t + ".avsc");
            }
            for (Schema.Field f : s.getFields()) {
                if (f.doc() == null || f.doc().isBlank()) {
                    missing.add("schemas/" + t + ".avsc field " + f.name());
                }
            }
        }
        assertThat(missing).as("add a \"doc\" to these").isEmpty();
    }

    @Test
    void theLoaderRefusesUnknownKeysMissingFieldsAndEmptyText() {
        assertThatThrownBy(() -> parse("version: 1\ncolumns: {}\nobjects:\n  v: {description: x, grain: y, key: [], "
                + "keys: []}\n")).isInstanceOf(IOException.class).hasMessageContaining("keys");
        assertThatThrownBy(() -> parse("version: 1\ncolumns: {}\nobjects:\n  v: {description: x, key: []}\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("grain");
        assertThatThrownBy(() -> parse("version: 1\ncolumns: {a: ''}\nobjects: {}\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("columns.a: empty description");
        assertThatThrownBy(() -> parse("version: 1\ncolumns: {}\nobjects:\n  v: {description: x, grain: y, key: a}\n"))
                .isInstanceOf(IOException.class);
    }

    private static Descriptions parse(String yaml) throws IOException {
        return Descriptions.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
