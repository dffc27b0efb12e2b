package io.anyscope.fault;

import static io.anyscope.fault.DataSetFaultTest.committed;
import static io.anyscope.fault.DataSetFaultTest.singleLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebooks (received from others) and reports read the data set only, unless {@code notebook --allow-write DIR}
 * names where they may write; {@code sql} writes wherever its user asks, except into DATA. A refused write is one
 * line on stderr and exit 3, like a failing statement or cell, and leaves DATA byte-identical.
 */
class ReadOnlyFaultTest {
    @TempDir
    static Path shared;
    private static Path data;

    @TempDir
    Path tmp;

    private Map<String, String> before;
    private List<Path> everything;

    @BeforeAll
    static void scanOnce() throws Exception {
        Path repo = shared.resolve("service");
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\nasyncio.run(main())\n"));
        }
        data = shared.resolve("data");
        CommandRun run = CommandRun.withProcessErr("scan", repo.toString(), "--out", data.toString(), "--no-progress",
                "--cache", shared.resolve("cache").toString());
        assertThat(run.code()).as(run.err()).isZero();
    }

    @BeforeEach
    void remember() throws Exception {
        before = committed(data);
        everything = files(data);
    }

    @AfterEach
    void nothingCommittedChanged() throws Exception {
        assertThat(committed(data)).isEqualTo(before);
        assertThat(files(data)).as("no file added to or removed from DATA").isEqualTo(everything);
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.startsWith(dir.resolve(".readers"))).sorted().toList();
        }
    }

    private CommandRun notebook(String sql, String... more) throws Exception {
        Path nb = tmp.resolve("nb.md");
        Files.writeString(nb, "# From someone else\n\n```sql\nSELECT count(*) FROM stg_repos;\n```\n\n```sql\n" + sql
                + "\n```\n");
        String[] args = new String[5 + more.length];
        args[0] = "notebook";
        args[1] = nb.toString();
        args[2] = "--data";
        args[3] = data.toString();
        args[4] = "--out=" + tmp.resolve("nb.html");
        System.arraycopy(more, 0, args, 5, more.length);
        return CommandRun.of(args);
    }

    private static String q(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    @Test
    void aNotebookCannotCopyAnywhereByDefault() throws Exception {
        Path out = tmp.resolve("stolen.csv");
        CommandRun run = notebook("COPY (SELECT * FROM stg_repos) TO " + q(out) + ";");
        assertThat(run.code()).isEqualTo(3);
        assertThat(singleLine(run.err())).contains("cell 2 failed: refused").contains(out.toString())
                .contains("--allow-write DIR");
        assertThat(out).doesNotExist();
    }

    @Test
    void aNotebookCannotWriteIntoData() throws Exception {
        Path target = data.resolve("current").resolve("repos").resolve("evil.parquet");
        CommandRun run = notebook("COPY (SELECT 1 AS repo_id) TO " + q(target) + ";");
        assertThat(run.code()).isEqualTo(3);
        assertThat(singleLine(run.err())).contains("cell 2 failed: refused").contains("into the data set");
    }

    @Test
    void aNotebookCannotOverwriteThePinnedFilesItReads() throws Exception {
        Path pinned;
        try (Stream<Path> s = Files.list(data.resolve("current").resolve("repos"))) {
            pinned = s.findFirst().orElseThrow().toRealPath();
        }
        // Written as an expression, so that only the sandbox and the USE_TMP_FILE refusal stand in the way.
        String path = pinned.toString();
        int half = path.length() / 2;
        CommandRun run = notebook("COPY (SELECT 1 AS repo_id) TO ('" + path.substring(0, half) + "' || '"
                + path.substring(half) + "') (USE_TMP_FILE false);");
        assertThat(run.code()).isEqualTo(3);
        assertThat(singleLine(run.err())).contains("refused").contains("USE_TMP_FILE");
    }

    @Test
    void aNotebookCannotAttachInstallOrLoad() throws Exception {
        CommandRun attach = notebook("ATTACH " + q(data.resolve("x.db")) + " AS x;");
        assertThat(attach.code()).isEqualTo(3);
        assertThat(singleLine(attach.err())).contains("refused");
        assertThat(data.resolve("x.db")).doesNotExist();

        Path elsewhere = tmp.resolve("y.db");
        CommandRun attachElsewhere = notebook("ATTACH " + q(elsewhere) + " AS y;");
        assertThat(attachElsewhere.code()).isEqualTo(3);
        assertThat(singleLine(attachElsewhere.err())).contains("refused");
        assertThat(elsewhere).doesNotExist();

        CommandRun install = notebook("INSTALL httpfs;");
        assertThat(install.code()).isEqualTo(3);
        assertThat(singleLine(install.err())).contains("refused");

        CommandRun load = notebook("LOAD httpfs;");
        assertThat(load.code()).isEqualTo(3);
        assertThat(singleLine(load.err())).contains("refused");

        CommandRun settings = notebook("SET enable_external_access = true;");
        assertThat(settings.code()).isEqualTo(3);
        assertThat(singleLine(settings.err())).contains("refused");
    }

    @Test
    void aNotebookWritesIntoTheDirectoryItIsAllowed() throws Exception {
        Path dir = tmp.resolve("exports");
        Path out = dir.resolve("repos.csv");
        CommandRun run = notebook("COPY (SELECT name FROM stg_repos) TO " + q(out) + " (HEADER);",
                "--allow-write", dir.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo("name\nservice\n");

        Path beside = tmp.resolve("beside.csv");
        CommandRun outside = notebook("COPY (SELECT 1) TO " + q(beside) + ";", "--allow-write", dir.toString());
        assertThat(outside.code()).isEqualTo(3);
        assertThat(singleLine(outside.err())).contains("refused").contains(dir.toString());
        assertThat(beside).doesNotExist();
    }

    @Test
    void allowingWritesIntoDataIsAUsageError() throws Exception {
        CommandRun run = notebook("SELECT 1;", "--allow-write", data.resolve("current").resolve("mine").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(singleLine(run.err())).contains("--allow-write").contains("outside");
        assertThat(data.resolve("current").resolve("mine")).doesNotExist();
    }

    @Test
    void sqlWritesElsewhereButNeverIntoData() throws Exception {
        Path out = tmp.resolve("repos.csv");
        CommandRun ok = CommandRun.of("sql", "--data", data.toString(),
                "COPY (SELECT name FROM stg_repos) TO " + q(out) + " (HEADER)");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.err()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("name\nservice\n");

        for (String refused : List.of(
                "COPY (SELECT 1 AS repo_id) TO " + q(data.resolve("current").resolve("repos").resolve("x.parquet")),
                "COPY (SELECT 1) TO " + q(data.resolve("notes.csv")),
                "ATTACH " + q(data.resolve("x.db")),
                "EXPORT DATABASE " + q(data.resolve("export")),
                "SET temp_directory = " + q(data.resolve("spill")))) {
            CommandRun run = CommandRun.of("sql", "--data", data.toString(), refused);
            assertThat(run.code()).as(refused).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(singleLine(run.err())).as(refused).startsWith("anyscope sql: refused: ")
                    .contains("into the data set");
        }
    }

    @Test
    void aOneShotQueryPrintsOnlyItsResult() {
        CommandRun run = CommandRun.of("sql", "--data", data.toString(), "SELECT name FROM stg_repos", "--format",
                "csv");
        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly("name", "service");
        assertThat(run.err()).isEmpty();
    }
}
