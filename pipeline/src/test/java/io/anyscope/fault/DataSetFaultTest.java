package io.anyscope.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.analytics.Table;
import io.anyscope.analytics.Warehouse;
import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the data set itself and of readers running beside a scan: a truncated or foreign Parquet file in the
 * current generation, a {@code current.tmp-<run>} link left by a kill between link and rename, a report reading
 * while a scan commits. Each case scans real git repositories with the command line in this JVM.
 */
class DataSetFaultTest {
    @TempDir
    static Path shared;

    /** A data set of one scanned repository, copied (links kept) by each case that damages it. */
    private static Path base;
    private static Path repo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void scanOnce() throws Exception {
        repo = shared.resolve("service");
        try (GitFixture g = GitFixture.init(repo)) {
            var first = g.commit("main", "2026-03-02T10:00:00Z", Map.of("app/a.py",
                    "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"));
            g.commit("main", "2026-03-10T10:00:00Z", Map.of("app/a.py",
                    "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n",
                    "app/b.py", "import trio\n\nasync def go():\n    await trio.sleep(1)\n"), first);
        }
        base = shared.resolve("data");
        CommandRun run = scan(base, repo);
        assertThat(run.code()).as(run.err()).isZero();
    }

    private static CommandRun scan(Path data, Path... repos) {
        List<String> args = new java.util.ArrayList<>(List.of("scan"));
        for (Path r : repos) {
            args.add(r.toString());
        }
        args.addAll(List.of("--out", data.toString(), "--history", "weekly", "--no-progress", "--cache",
                shared.resolve("cache").toString()));
        return CommandRun.withProcessErr(args.toArray(String[]::new));
    }

    @Test
    void aTruncatedParquetFileFailsTheScanNamingItAndChangesNothing() throws Exception {
        Path data = copy(base, tmp.resolve("data"));
        Path victim = firstFile(data, "usages");
        byte[] bytes = Files.readAllBytes(victim);
        // The committed generation's file itself is cut short, as a full disk or a bad copy would leave it: the scan
        // must not hard-link it into the next generation.
        replace(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Map<String, String> before = committed(data);
        Path current = Files.readSymbolicLink(data.resolve("current"));

        CommandRun run = scan(data, repo);

        assertThat(run.code()).isEqualTo(3);
        String line = singleLine(run.err());
        assertThat(line).contains(data.resolve("current").resolve("usages").resolve(victim.getFileName()).toString())
                .contains("damaged").contains("no Parquet footer").contains("nothing was changed")
                .contains("new --out");
        assertThat(Files.readSymbolicLink(data.resolve("current"))).isEqualTo(current);
        assertThat(committed(data)).isEqualTo(before);

        // Readers say the same instead of failing every query with DuckDB's words.
        CommandRun sql = CommandRun.of("sql", "--data", data.toString(), "SELECT count(*) FROM stg_usages");
        assertThat(sql.code()).isEqualTo(3);
        assertThat(singleLine(sql.err())).contains(victim.getFileName().toString()).contains("damaged");
        assertThat(committed(data)).isEqualTo(before);
    }

    @Test
    void aForeignParquetFileGivesAClearMessageNotDuckDbs() throws Exception {
        Path data = copy(base, tmp.resolve("data"));
        Path victim = firstFile(data, "repos");
        Path foreign = tmp.resolve("foreign.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 42 AS id, 'x' AS label) TO '" + foreign + "' (FORMAT parquet)");
        }
        replace(victim, Files.readAllBytes(foreign));
        Map<String, String> before = committed(data);

        CommandRun run = scan(data, repo);

        assertThat(run.code()).isEqualTo(3);
        String line = singleLine(run.err());
        assertThat(line).contains(victim.getFileName().toString())
                .contains("is not a file of anyscope's repos table").contains("id, label").contains("no repo_id")
                .doesNotContain("Not a valid schema field");
        assertThat(committed(data)).isEqualTo(before);
    }

    @Test
    void aDanglingCurrentTmpLinkIsRemovedByTheNextRun() throws Exception {
        Path data = copy(base, tmp.resolve("data"));
        // What a kill between the link and its rename leaves: a link to a generation the next run removes.
        Path dangling = data.resolve("current.tmp-20260101T000000Z-abcdef");
        Files.createSymbolicLink(dangling, Path.of("generations", "20260101T000000Z-abcdef"));

        CommandRun run = scan(data, repo);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS)).as("the dangling link is removed").isFalse();
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT count(*) AS n FROM stg_runs").get(0, "n")).isEqualTo(2L);
        }
    }

    @Test
    void aReaderKeepsTheGenerationItOpenedWhileAScanCommitsANewOne() throws Exception {
        Path data = copy(base, tmp.resolve("data"));
        Path second = tmp.resolve("gateway");
        try (GitFixture g = GitFixture.init(second)) {
            g.commit("main", "2026-03-03T10:00:00Z", Map.of("gw.py", "import asyncio\nasyncio.run(main())\n"));
        }
        try (Warehouse w = Warehouse.open(data)) {
            Path pinned = data.resolve("generations").resolve(w.generation());
            Map<String, Object> before = everyView(w);
            assertThat(before.get("stg_repos")).isEqualTo(1L);

            // A scan commits a new generation (a second repository) while the warehouse is open.
            CommandRun run = scan(data, repo, second);
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(data.resolve("current").toRealPath()).isNotEqualTo(pinned.toRealPath());
            assertThat(pinned).as("the pinned generation is kept while read").isDirectory();

            assertThat(everyView(w)).as("every view answers from the pinned generation").isEqualTo(before);
            try (Warehouse fresh = Warehouse.open(data)) {
                assertThat(fresh.query("SELECT count(*) AS n FROM stg_repos").get(0, "n")).isEqualTo(2L);
            }
        }
        // Once the reader is gone, the next run removes the old generation.
        assertThat(scan(data, repo, second).code()).isZero();
        try (Stream<Path> gens = Files.list(data.resolve("generations"))) {
            assertThat(gens.toList()).hasSize(1);
        }
    }

    /** The row count of every view and a few totals of the marts the reports read. */
    private static Map<String, Object> everyView(Warehouse w) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        Table views = w.query("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' "
                + "AND table_schema = 'main' ORDER BY 1");
        for (int i = 0; i < views.rows().size(); i++) {
            String v = String.valueOf(views.get(i, "table_name"));
            out.put(v, w.query("SELECT count(*) AS n FROM " + v).get(0, "n"));
        }
        out.put("legacy sites at head", w.query("SELECT count(*) AS n FROM mart_usages_head").get(0, "n"));
        out.put("progress", w.query("SELECT string_agg(repo || ' ' || week || ' ' || pct_migrated, ',' "
                + "ORDER BY repo, week) AS s FROM mart_progress_repo_week").get(0, "s"));
        return out;
    }

    /** Every file of the committed generation (through current) with its SHA-256. */
    static Map<String, String> committed(Path data) throws Exception {
        Path gen = data.resolve("current").toRealPath();
        Map<String, String> out = new LinkedHashMap<>();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(gen)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.put(gen.relativize(p).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
            }
        }
        out.put("current ->", Files.readSymbolicLink(data.resolve("current")).toString());
        return out;
    }

    /** The one line a failure prints: no stack trace, no Java class names. */
    static String singleLine(String err) {
        List<String> lines = err.strip().lines().filter(l -> !l.startsWith("[main] WARN")).toList();
        assertThat(lines).as("stderr: " + err).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.anyscope.");
        return lines.get(0);
    }

    private static Path firstFile(Path data, String table) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("current").resolve(table))) {
            return s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
    }

    /** Writes new bytes into a file of a copied data set without touching the other copy (hard links broken). */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path real = file.toRealPath();
        Files.delete(real);
        Files.write(real, bytes);
    }

    /** A copy of a data set, its links kept as links. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
