package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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

    @Test
    void theWarehouseReadsTheFilesAllSqlListsFromTheJarResources() throws Exception {
        List<String> listed = Warehouse.sqlFiles(Warehouse.readResource(Warehouse.ALL_SQL));
        assertThat(listed).startsWith("00_settings.sql").endsWith("30_reports.sql");
        for (String f : listed) {
            assertThat(Warehouse.readResource(f)).isEqualTo(Files.readString(SQL_DIR.resolve(f)));
        }
    }

    @Test
    void otherDotCommandsInAllSqlAreRefused() {
        assertThatThrownBy(() -> Warehouse.sqlFiles("-- c\n.read src/sql/a.sql\n.mode csv\n"))
                .isInstanceOf(IOException.class).hasMessageContaining(".mode csv");
    }
}
