package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL files of src/sql and the one list of them, all.sql, that the DuckDB CLI and the warehouse both follow. */
class SqlScriptsTest {
    static final Path SQL_DIR = Path.of("..", "src", "sql");

    @Test
    void allSqlReadsEverySqlFileOnceAndInNameOrder() throws Exception {
        List<String> listed = Warehouse.sqlFiles(Files.readString(SQL_DIR.resolve(Warehouse.ALL_SQL)));
        List<String> onDisk;
        try (Stream<Path> s = Files.list(SQL_DIR)) {
            onDisk = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql") && !n.equals(Warehouse.ALL_SQL)).sorted().toList();
        }
        assertThat(listed).isEqualTo(onDisk);
    }

    /**
     * A string_agg without ORDER BY joins its values in whatever order the plan yields them: the same data gave two
     * different mart_anyio_requirements.declared strings in two builds (and so two different findings rows).
     */
    @Test
    void everyStringAggregateStatesItsOrder() throws Exception {
        List<String> unordered = new java.util.ArrayList<>();
        for (String f : Warehouse.sqlFiles(Warehouse.readResource(Warehouse.ALL_SQL))) {
            String sql = Warehouse.readResource(f);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bstring_agg\\s*\\(").matcher(sql);
            while (m.find()) {
                int depth = 1;
                int i = m.end();
                while (i < sql.length() && depth > 0) {
                    depth += sql.charAt(i) == '(' ? 1 : sql.charAt(i) == ')' ? -1 : 0;
                    i++;
                }
                String call = sql.substring(m.start(), i);
                if (!call.toUpperCase().matches("(?s).*\\bORDER\\s+BY\\b.*")) {
                    unordered.add(f + ": " + call.replaceAll("\\s+", " "));
                }
            }
        }
        assertThat(unordered).isEmpty();
    }

    @Test
    void theWarehouseReadsTheFilesAllSqlListsFromTheJarResources() throws Exception {
        List<String> listed = Warehouse.sqlFiles(Warehouse.readResource(Warehouse.ALL_SQL));
        assertThat(listed).startsWith("00_settings.sql").endsWith("30_reports.sql");
        for (String f : listed) {
            assertThat(Warehouse.readResource(f)).isEqualTo(Files.readString(SQL_DIR.resolve(f)));
        }
    }

    /**
     * What a DuckDB CLI user does from the repository root (SET VARIABLE anyscope_data, then .read src/sql/all.sql,
     * every other variable at its default: weights and catalog read from src/) builds the same reference tables and
     * reports as the warehouse over the jar's resources.
     */
    @Test
    void theDuckDbCliPathFromTheRepositoryRootMatchesTheWarehouse(@TempDir Path tmp) throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"));
        Path root = SQL_DIR.resolve("../..").toAbsolutePath().normalize();
        try (Connection cli = DriverManager.getConnection("jdbc:duckdb:"); Warehouse w = Warehouse.open(data)) {
            execute(cli, "SET file_search_path = '" + root.toString().replace("'", "''") + "'");
            execute(cli, "SET VARIABLE anyscope_data = '" + data.toString().replace("'", "''") + "'");
            for (String f : Warehouse.sqlFiles(Files.readString(SQL_DIR.resolve(Warehouse.ALL_SQL)))) {
                for (String statement : Warehouse.splitStatements(Files.readString(SQL_DIR.resolve(f)))) {
                    execute(cli, statement);
                }
            }
            for (String t : List.of("ref_library_roles", "ref_categories", "ref_effort_tiers", "ref_effort_weights",
                    "ref_risk_weights", "rpt_scope_org", "rpt_patterns", "rpt_progress_org")) {
                String q = "SELECT * FROM " + t;
                Table viaCli;
                try (Statement s = cli.createStatement(); ResultSet rs = s.executeQuery(q)) {
                    viaCli = Table.from(rs);
                }
                Table viaWarehouse = w.query(q);
                assertThat(viaCli.columns()).as(t).isEqualTo(viaWarehouse.columns());
                assertThat(viaCli.types()).as(t).isEqualTo(viaWarehouse.types());
                assertThat(viaCli.rows()).as(t).isNotEmpty().isEqualTo(viaWarehouse.rows());
            }
        }
    }

    @Test
    void aCatalogListInAnotherFormStopsTheLoadNamingTheLine(@TempDir Path tmp) throws Exception {
        Path catalog = tmp.resolve("catalog.yaml");
        Files.writeString(catalog, "version: \"1\"\nlibraries:\n  - name: trio\n    role: legacy\n");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            execute(c, "SET VARIABLE anyscope_catalog = '" + catalog.toString().replace("'", "''") + "'");
            for (String statement : Warehouse.splitStatements(Files.readString(SQL_DIR.resolve("20_reference.sql")))) {
                if (statement.contains("ref_library_roles")) {
                    assertThatThrownBy(() -> execute(c, statement)).isInstanceOf(SQLException.class)
                            .hasMessageContaining("list libraries").hasMessageContaining("role: legacy");
                    return;
                }
                execute(c, statement);
            }
        }
        throw new AssertionError("20_reference.sql does not create ref_library_roles");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void otherDotCommandsInAllSqlAreRefused() {
        assertThatThrownBy(() -> Warehouse.sqlFiles("-- c\n.read src/sql/a.sql\n.mode csv\n"))
                .isInstanceOf(IOException.class).hasMessageContaining(".mode csv");
    }
}
