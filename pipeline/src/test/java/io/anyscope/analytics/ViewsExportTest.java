package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views for other tools: {@code sql --emit-views} writes a plain SQL file and {@code export --duckdb} a DuckDB
 * database; a second DuckDB connection that knows nothing of anyscope (plain JDBC, no anyscope variables, files or
 * code) runs the file / opens the database and gets the answers the warehouse gives.
 */
class ViewsExportTest {
    /** Marts and reports compared, each ordered so that rows compare one by one. */
    static final List<String> QUERIES = List.of(
            "SELECT * FROM rpt_scope_org",
            "SELECT * FROM rpt_progress_org",
            "SELECT * FROM rpt_velocity",
            "SELECT * FROM mart_progress_repo_week ORDER BY repo, point_seq",
            "SELECT * FROM mart_hotspot_files ORDER BY repo, path",
            "SELECT * FROM mart_regressions ORDER BY repo, period, path, line",
            "SELECT * FROM ref_categories",
            "SELECT * FROM mart_files ORDER BY repo_id, commit_id, path");

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void fixture() throws Exception {
        data = AnalyticsFixture.write(tmp.resolve("DATA"));
    }

    @Test
    void theEmittedSqlRunsInAFreshConnectionAndGivesTheWarehousesAnswers() throws Exception {
        Path file = tmp.resolve("elsewhere/views.sql");
        CommandRun run = CommandRun.ok("sql", "--data", data.toString(), "--emit-views", file.toString());
        assertThat(run.out()).contains("wrote " + file);
        String sql = Files.readString(file);
        assertThat(sql).doesNotContain("\n.read").doesNotContain("'src/").doesNotContain("anyscope-sql")
                .doesNotContain("getvariable(").contains("'" + data.toAbsolutePath().normalize() + "/current'")
                .contains("COMMENT ON VIEW \"mart_velocity\"");
        try (Connection fresh = DriverManager.getConnection("jdbc:duckdb:"); Statement s = fresh.createStatement()) {
            s.execute(sql);   // DuckDB runs every statement of the string
            compare(fresh);
            assertThat(rows(fresh, "SELECT comment FROM duckdb_views() WHERE view_name = 'rpt_velocity'").get(0)
                    .get(0)).asString().startsWith("Report: velocity");
        }
    }

    @Test
    void theExportedDatabaseOpensInAFreshReadOnlyConnectionWithTheSameAnswers() throws Exception {
        Path file = tmp.resolve("bi/anyscope.duckdb");
        CommandRun.ok("export", "--data", data.toString(), "--duckdb", file.toString());
        assertThat(CommandRun.of("export", "--data", data.toString(), "--duckdb", file.toString()).code())
                .as("an existing file is not replaced without --replace").isEqualTo(2);
        CommandRun.ok("export", "--data", data.toString(), "--duckdb", file.toString(), "--replace");
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection fresh = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
            compare(fresh);
            assertThat(rows(fresh, "SELECT count(*) FROM duckdb_columns() WHERE comment IS NULL "
                    + "AND schema_name = 'main' AND NOT internal").get(0).get(0)).isEqualTo(0L);
        }
    }

    /**
     * With --with-marts the file holds the materialised marts as tables and their views read them (not the Parquet
     * files): the same answers in a fresh read-only connection, and a view that no longer reads the data set.
     */
    @Test
    void anExportWithMartsAnswersFromItsOwnTables() throws Exception {
        Path file = tmp.resolve("bi/with-marts.duckdb");
        CommandRun.ok("export", "--data", data.toString(), "--duckdb", file.toString(), "--with-marts");
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection fresh = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
            compare(fresh);
            List<Object> tables = rows(fresh, "SELECT table_name FROM duckdb_tables() WHERE schema_name = '"
                    + ViewsExport.MARTS_SCHEMA + "'").stream().map(r -> r.get(0)).toList();
            assertThat(tables).containsAll(Marts.views());
            assertThat(rows(fresh, "SELECT sql FROM duckdb_views() WHERE view_name = 'mart_regressions'").get(0)
                    .get(0)).asString().contains(ViewsExport.MARTS_SCHEMA + ".mart_regressions")
                    .doesNotContain("mart_site_status");
            assertThat(rows(fresh, "SELECT count(*) FROM duckdb_databases() WHERE NOT internal").get(0).get(0))
                    .as("the marts file it was copied from is detached").isEqualTo(1L);
        }
    }

    /** With the materialised marts turned off there are none to store: a usage error, said before opening. */
    @Test
    void anExportWithMartsWhileMartsAreOffIsAUsageError() {
        System.setProperty(Marts.PROPERTY, "off");
        try {
            Path file = tmp.resolve("off/anyscope.duckdb");
            CommandRun r = CommandRun.of("export", "--data", data.toString(), "--duckdb", file.toString(),
                    "--with-marts");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("turned off").contains("without --with-marts").doesNotContain("Exception");
            assertThat(file).doesNotExist();
        } finally {
            System.clearProperty(Marts.PROPERTY);
        }
    }

    @Test
    void nothingIsWrittenIntoTheDataSet() {
        CommandRun r = CommandRun.of("export", "--data", data.toString(), "--duckdb", data.resolve("x.duckdb").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("inside the data set");
        assertThat(data.resolve("x.duckdb")).doesNotExist();
    }

    private static void compare(Connection fresh) throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            for (String q : QUERIES) {
                List<List<Object>> expected = rows(w.connection(), q);
                assertThat(rows(fresh, q)).as(q).isNotEmpty().isEqualTo(expected);
                assertThat(types(fresh, q)).as(q).isEqualTo(types(w.connection(), q));
            }
        }
    }

    static List<List<Object>> rows(Connection c, String q) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? null : v instanceof Number || v instanceof Boolean ? v : v.toString());
                }
                out.add(row);
            }
        }
        return out;
    }

    static List<String> types(Connection c, String q) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                out.add(m.getColumnName(i) + " " + m.getColumnTypeName(i));
            }
        }
        return out;
    }
}
