package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan makes the reports' materialised marts as it commits (Warehouse#prepareMarts), on real scans of a real git
 * repository: built when the data changed, linked from the generation before when it did not, and in both cases what
 * a report builds from the same generation, row for row; the first report then reads them instead of building.
 */
class ScanMartsTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(Marts.PROPERTY);
    }

    private GitFixture repo() {
        GitFixture g = GitFixture.init(tmp.resolve("svc"));
        g.commit("main", "2026-01-05T10:00:00Z", Map.of(
                "app/io.py", GitFixture.file("import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"),
                "app/jobs.py", GitFixture.file("import trio\n\nasync def run():\n    async with trio.open_nursery() "
                        + "as n:\n        n.start_soon(run)\n"),
                "tests/test_io.py", GitFixture.file("import asyncio\n\ndef test_it():\n    asyncio.run(None)\n")));
        g.commit("main", "2026-01-14T10:00:00Z", Map.of(
                "app/io.py", GitFixture.file("import anyio\n\nasync def main():\n    await anyio.sleep(1)\n")));
        return g;
    }

    private CommandRun scan(Path data, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("scan", "--history", "weekly", "--no-progress",
                "--out", data.toString()));
        args.addAll(List.of(more));
        args.add(tmp.resolve("svc").toString());
        return CommandRun.ok(args.toArray(String[]::new));
    }

    private static Path current(Path data) throws Exception {
        return data.resolve("current").toRealPath();
    }

    private static List<Path> martFiles(Path data, Path generation) throws Exception {
        Path dir = data.resolve(Marts.DIR).resolve(generation.getFileName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".duckdb")).sorted().toList();
        }
    }

    @Test
    void theScanBuildsTheMartsTheFirstReportThenReads() throws Exception {
        try (GitFixture g = repo()) {
            Path data = tmp.resolve("DATA");
            CommandRun run = scan(data);
            assertThat(run.out()).containsPattern("marts for the reports: built in \\d+\\.\\d s");
            List<Path> files = martFiles(data, current(data));
            assertThat(files).hasSize(1);
            FileTime built = Files.getLastModifiedTime(files.get(0));

            // the reports' open with their defaults fits that file: read, not built again
            try (Warehouse w = Warehouse.open(data, Warehouse.Options.defaults(), Warehouse.Access.forReports())) {
                assertThat(w.martsFile()).isEqualTo(files.get(0));
                assertThat(w.martsBuilt()).isFalse();
            }
            CommandRun.ok("report", "scope", "--data", data.toString(), "--out", tmp.resolve("out").toString());
            assertThat(martFiles(data, current(data))).containsExactlyElementsOf(files);
            assertThat(Files.getLastModifiedTime(files.get(0))).isEqualTo(built);
        }
    }

    @Test
    void anUnchangedReRunLinksTheMartsAndTheyEqualAFreshBuild() throws Exception {
        try (GitFixture g = repo()) {
            Path data = tmp.resolve("DATA");
            scan(data);
            Path first = current(data);
            // a link of our own keeps the first file when the re-run removes the first generation's marts
            Path firstMarts = Files.createLink(tmp.resolve("first.duckdb"), martFiles(data, first).get(0));
            Thread.sleep(1_100); // the re-run's scanned_at is another second

            CommandRun rerun = scan(data);
            Path second = current(data);
            assertThat(second).isNotEqualTo(first);
            assertThat(rerun.out()).contains("marts for the reports: linked from generation "
                    + first.getFileName() + " (same data)");
            List<Path> linked = martFiles(data, second);
            assertThat(linked).hasSize(1);
            assertThat(Files.isSameFile(linked.get(0), firstMarts)).isTrue();
            try (Stream<Path> s = Files.list(data.resolve(Marts.DIR))) {
                assertThat(s.toList()).containsExactly(data.resolve(Marts.DIR).resolve(second.getFileName()));
            }

            // what a report would build from the new generation, elsewhere: equal to the linked file, mart for mart
            System.setProperty(Marts.PROPERTY, tmp.resolve("fresh").toString());
            try (Warehouse fresh = Warehouse.open(data, Warehouse.Options.defaults(), Warehouse.Access.forReports())) {
                assertThat(fresh.martsBuilt()).isTrue();
                System.clearProperty(Marts.PROPERTY);
                try (Warehouse carried = Warehouse.open(data, Warehouse.Options.defaults(),
                        Warehouse.Access.forReports())) {
                    assertThat(carried.martsFile()).isEqualTo(linked.get(0));
                    List<String> marts = new java.util.ArrayList<>(Marts.views());
                    marts.add("mart_repos");
                    long nonEmpty = 0;
                    for (String m : marts) {
                        String q = "SELECT * FROM " + m + " ORDER BY ALL";
                        Table a = fresh.query(q);
                        assertThat(carried.query(q).rows()).as(m).isEqualTo(a.rows());
                        nonEmpty += a.size() > 0 ? 1 : 0;
                    }
                    assertThat(nonEmpty).isGreaterThan(marts.size() / 3);
                    // the repository's scan time is the re-run's, not the first scan's
                    Table when = carried.query("SELECT r.scanned_at = s.scanned_at AS same, r.scanned_at > "
                            + "(SELECT min(started_at) FROM stg_runs) AS later FROM mart_repos r JOIN stg_repos s "
                            + "USING (repo_id)");
                    assertThat(when.rows()).containsExactly(List.of(true, true));
                }
            }
        }
    }

    @Test
    void aReRunThatChangedTheDataBuildsNewMarts() throws Exception {
        try (GitFixture g = repo()) {
            Path data = tmp.resolve("DATA");
            scan(data);
            // links of our own keep each file (and its inode) while the scans remove the generations' marts
            Path first = Files.createLink(tmp.resolve("first.duckdb"), martFiles(data, current(data)).get(0));

            // other path rules: only the repos row differs, beyond the run's own columns
            CommandRun other = scan(data, "--exclude", "tests/**");
            assertThat(other.out()).containsPattern("marts for the reports: built in");
            Path second = Files.createLink(tmp.resolve("second.duckdb"), martFiles(data, current(data)).get(0));
            assertThat(Files.isSameFile(second, first)).isFalse();

            // a new commit
            g.commit("main", "2026-01-21T10:00:00Z", Map.of(
                    "app/jobs.py", GitFixture.file("import anyio\n\nasync def run():\n    pass\n")));
            CommandRun newer = scan(data, "--exclude", "tests/**");
            assertThat(newer.out()).containsPattern("marts for the reports: built in");
            Path third = martFiles(data, current(data)).get(0);
            assertThat(Files.isSameFile(third, second)).isFalse();
            assertThat(Files.isSameFile(third, first)).isFalse();
            // the earlier generations are gone, and their marts with them
            try (Stream<Path> s = Files.list(data.resolve(Marts.DIR))) {
                assertThat(s.toList()).containsExactly(data.resolve(Marts.DIR).resolve(current(data).getFileName()));
            }
        }
    }

    @Test
    void withMaterialisationOffTheScanBuildsNone() throws Exception {
        try (GitFixture g = repo()) {
            Path data = tmp.resolve("DATA");
            System.setProperty(Marts.PROPERTY, "off");
            CommandRun run = scan(data);
            assertThat(run.out()).contains("marts for the reports: off");
            assertThat(data.resolve(Marts.DIR)).doesNotExist();
        }
    }

    @Test
    void withNoMartsTheScanLeavesThemToTheFirstReport() throws Exception {
        try (GitFixture g = repo()) {
            Path data = tmp.resolve("DATA");
            CommandRun run = scan(data, "--no-marts");
            assertThat(run.out()).contains("marts for the reports: not built (--no-marts): the first report builds them");
            assertThat(data.resolve(Marts.DIR)).doesNotExist();
            try (Warehouse w = Warehouse.open(data, Warehouse.Options.defaults(), Warehouse.Access.forReports())) {
                assertThat(w.martsBuilt()).isTrue();
                assertThat(martFiles(data, current(data))).containsExactly(w.martsFile());
            }
        }
    }
}
