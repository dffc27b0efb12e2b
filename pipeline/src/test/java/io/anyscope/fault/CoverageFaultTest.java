package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.anyscope.fault.FaultAssertions.assertNoStackTrace;
import static io.anyscope.fault.FaultAssertions.assertOneLine;
import static io.anyscope.git.GitFixture.symlink;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incomplete data is never silent (issue 13, 5): a failed input is read again on every later run until it is read
 * (when a re-read can change the failure; a binary blob's failure stands without one),
 * the exit code says whether failures are outstanding, the errors of a generation are the outstanding failures (and
 * the notes, once per repository, path and object, with their snapshot count), and every report's subtitle states
 * the coverage and lists the failed inputs.
 */
class CoverageFaultTest {
    private static final String GONE = "import trio\n";

    @TempDir
    static Path shared;
    static Path healthy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void healthyRepository() {
        healthy = Healthy.create(shared.resolve(Healthy.NAME));
    }

    /** {@code holes}: gone.py (its blob deleted, the loose object's bytes returned) and kept.py. */
    private static byte[] holes(Path repo) throws Exception {
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("gone.py", GONE, "kept.py", "import trio\ntrio.run(main)\n"));
            Path object = GitFixture.looseObject(g.repo, GitFixture.blobId(GONE));
            byte[] bytes = Files.readAllBytes(object);
            Files.delete(object);
            return bytes;
        }
    }

    /** The errors rows of repository {@code repo} in the current generation, as "stage kind path". */
    private static List<String> errors(Path data, String repo) throws Exception {
        return ParquetRows.rows(data, "SELECT stage || ' ' || kind || ' ' || coalesce(path, '-') FROM errors WHERE repo = '"
                + repo + "' ORDER BY ALL");
    }

    @Test
    void aDeletedThenRestoredObjectIsReadOnTheNextRun() throws Exception {
        Path repo = tmp.resolve("holes");
        byte[] object = holes(repo);
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");

        FaultRun first = FaultRun.scan(data, cache, List.of(healthy, repo));
        assertThat(first.code()).as(first.toString()).isEqualTo(Main.PARTIAL);
        assertThat(errors(data, "holes")).containsExactly("list missing_object gone.py");
        assertOneLine(first, "holes", "gone.py");

        // Not restored yet: listed again, reported again, still exit 1; one errors row, not one per run.
        FaultRun again = FaultRun.scan(data, cache, List.of(healthy, repo));
        assertThat(again.code()).as(again.toString()).isEqualTo(Main.PARTIAL);
        assertThat(errors(data, "holes")).containsExactly("list missing_object gone.py");
        assertOneLine(again, "holes", "gone.py");

        String id = GitFixture.blobId(GONE).name();
        Path restored = repo.resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
        Files.createDirectories(restored.getParent());
        Files.write(restored, object);
        FaultRun fixed = FaultRun.scan(data, cache, List.of(healthy, repo));
        assertThat(fixed.code()).as(fixed.toString()).isEqualTo(Main.OK);
        assertThat(fixed.errLines()).noneMatch(l -> l.startsWith("anyscope: holes"));
        assertNoStackTrace(fixed.err());
        assertThat(errors(data, "holes")).isEmpty();
        // The facts are there, the snapshot is complete and its files rows are listed once.
        assertThat(ParquetRows.rows(data, "SELECT f.path || ' ' || u.symbol FROM files f JOIN usages u USING (blob_id) "
                + "JOIN repos r USING (repo_id) WHERE r.name = 'holes' AND u.kind = 'import' ORDER BY ALL"))
                .containsExactly("gone.py trio", "kept.py trio");
        assertThat(ParquetRows.rows(data, "SELECT count(*) || ' ' || count(DISTINCT path) || ' ' || any_value(s.status) "
                + "FROM files f JOIN snapshots s USING (repo_id, commit_id) JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'holes'")).containsExactly("2 2 ok");
        Healthy.assertComplete(data);
    }

    @Test
    void anOverSizeFileIsReadOnceTheCapAllowsIt() throws Exception {
        Path repo = tmp.resolve("big");
        String big = "import asyncio\n" + "asyncio.sleep(1)\n".repeat(200);
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("big.py", big, "small.py", "import anyio\n"));
        }
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        for (int run = 0; run < 2; run++) {
            FaultRun capped = FaultRun.scan(data, cache, List.of(repo), "--max-file-size", "1000");
            assertThat(capped.code()).as(capped.toString()).isEqualTo(Main.PARTIAL);
            // Still over the cap: not read again, no pipeline started, the failure reported again.
            assertThat(withoutPipeline(data, capped)).as(capped.toString()).isEqualTo(run == 1);
            assertThat(assertOneLine(capped, "big", "big.py")).contains("over the cap of 1000");
            assertThat(errors(data, "big")).containsExactly("read too_large big.py");
            assertThat(ParquetRows.rows(data, "SELECT status FROM blobs ORDER BY ALL"))
                    .containsExactly("ok", "too_large");
        }
        FaultRun whole = FaultRun.scan(data, cache, List.of(repo));
        assertThat(whole.code()).as(whole.toString()).isEqualTo(Main.OK);
        assertThat(withoutPipeline(data, whole)).as("the cap admits it: read again").isFalse();
        assertThat(errors(data, "big")).isEmpty();
        assertThat(ParquetRows.rows(data, "SELECT status FROM blobs ORDER BY ALL")).containsExactly("ok", "ok");
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM usages WHERE symbol = 'asyncio.sleep'"))
                .containsExactly("200");
    }

    /**
     * Whether {@code run} (a scan) decided its rows in the driver, without starting the pipeline: its repos rows are
     * then in the part the driver writes ({@code part-RUN-driver.parquet}).
     */
    private static boolean withoutPipeline(Path data, FaultRun run) throws Exception {
        String runId = run.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
        try (var parts = Files.list(data.resolve("current").resolve("repos"))) {
            return parts.anyMatch(p -> p.getFileName().toString().equals("part-" + runId + "-driver.parquet"));
        }
    }

    /** The counters a run recorded, as "distinct_blobs parsed_blobs errors status". */
    private static String lastRun(Path data) throws Exception {
        return ParquetRows.rows(data, "SELECT distinct_blobs || ' ' || parsed_blobs || ' ' || errors || ' ' || status "
                + "FROM runs ORDER BY finished_at DESC LIMIT 1").get(0);
    }

    @Test
    void aBinaryFileIsNotReadAgainAndStaysOutstanding() throws Exception {
        // A blob id names its content: a binary blob stays binary. An unchanged re-run reads nothing, starts no
        // pipeline, and still reports the failure (one line, exit 1, its errors row kept as it was).
        Path repo = tmp.resolve("nul");
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("bin.py", "im\0port asyncio\n", "ok.py", "import trio\n"));
        }
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        String rows = "SELECT stage || ' ' || kind || ' ' || path || ' ' || run_id FROM errors WHERE repo = 'nul'";
        FaultRun first = FaultRun.scan(data, cache, List.of(healthy, repo));
        assertThat(first.code()).as(first.toString()).isEqualTo(Main.PARTIAL);
        assertThat(withoutPipeline(data, first)).isFalse();
        List<String> found = ParquetRows.rows(data, rows);
        assertThat(found).hasSize(1).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("read binary bin.py ");
        String line = assertOneLine(first, "nul", "bin.py");

        FaultRun again = FaultRun.scan(data, cache, List.of(healthy, repo));
        assertThat(again.code()).as(again.toString()).isEqualTo(Main.PARTIAL);
        assertThat(withoutPipeline(data, again)).as(again.toString()).isTrue();
        assertThat(lastRun(data)).isEqualTo("0 0 1 partial");
        assertThat(assertOneLine(again, "nul", "bin.py")).isEqualTo(line);
        assertThat(ParquetRows.rows(data, rows)).isEqualTo(found);

        // A run of another repository of the data set reads nothing of this one either.
        FaultRun other = FaultRun.scan(data, cache, List.of(healthy));
        assertThat(other.code()).as(other.toString()).isEqualTo(Main.OK);
        assertThat(withoutPipeline(data, other)).as(other.toString()).isTrue();
        assertThat(lastRun(data)).isEqualTo("0 0 0 ok");
        assertThat(ParquetRows.rows(data, rows)).isEqualTo(found);
        FaultRun sql = FaultRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT repo, status, tracked_files, unread_files, failed_inputs FROM mart_coverage ORDER BY repo");
        assertThat(sql.out().lines().toList()).containsExactly("repo,status,tracked_files,unread_files,failed_inputs",
                Healthy.NAME + ",ok,3,0,0", "nul,partial,2,1,1");
    }

    @Test
    void aRepositoryThatKeepsFailingToOpenIsOneFailedInput() throws Exception {
        // Each run records the failure afresh: the fresh row replaces the earlier one (the same repository, stage,
        // kind, path and blob), so that three failing runs leave one outstanding failure, not three.
        Path gone = tmp.resolve("gone");
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        List<String> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 3; run++) {
            FaultRun failing = FaultRun.scan(data, cache, List.of(healthy, gone));
            assertThat(failing.code()).as(failing.toString()).isEqualTo(Main.PARTIAL);
            runs.add(failing.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1]);
        }
        assertThat(ParquetRows.rows(data, "SELECT stage || ' ' || kind || ' ' || run_id FROM errors "
                + "WHERE repo_id = (SELECT repo_id FROM repos WHERE name = 'gone')"))
                .containsExactly("open missing_repo " + runs.get(2));
        FaultRun sql = FaultRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT repo, status, failed_inputs FROM mart_coverage ORDER BY repo");
        assertThat(sql.out().lines().toList()).containsExactly("repo,status,failed_inputs",
                "gone,failed,1", Healthy.NAME + ",ok,0");
    }

    @Test
    void everyReportStatesTheCoverageAndListsTheFailedInputs() throws Exception {
        Path repo = tmp.resolve("holes");
        holes(repo);
        Path data = tmp.resolve("data");
        FaultRun scan = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, repo));
        assertThat(scan.code()).as(scan.toString()).isEqualTo(Main.PARTIAL);
        Path out = tmp.resolve("reports");
        FaultRun report = FaultRun.of("report", "all", "--data", data.toString(), "--out", out.toString(),
                "--format", "md,csv");
        assertThat(report.code()).as(report.toString()).isEqualTo(Main.OK);
        String headline = "1 of 2 repositories complete; 1 file of 2 unread in holes";
        for (String name : List.of("scope", "hotspots", "progress")) {
            String md = Files.readString(out.resolve(name + ".md"));
            assertThat(md.lines().filter(l -> l.startsWith("_")).findFirst().orElseThrow())
                    .as(name).endsWith(" | " + headline + "_");
            assertThat(md).as(name).contains("## Failed inputs");
        }
        assertThat(Files.readAllLines(out.resolve("failed_inputs.csv"))).hasSize(2).first()
                .isEqualTo("repo,path,kind,stage,snapshot,message");
        assertThat(Files.readAllLines(out.resolve("failed_inputs.csv")).get(1))
                .startsWith("holes,gone.py,missing_object,list,");
        FaultRun sql = FaultRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT repo, status, tracked_files, unread_files, pct_unread, failed_inputs FROM mart_coverage "
                        + "ORDER BY repo");
        assertThat(sql.out().lines().toList()).containsExactly(
                "repo,status,tracked_files,unread_files,pct_unread,failed_inputs",
                Healthy.NAME + ",ok,3,0,0,0",
                "holes,partial,2,1,50,1");
    }

    @Test
    void aSymlinkInEveryWeekIsOneNoteWithItsSnapshotCount() throws Exception {
        Path repo = tmp.resolve("links");
        ObjectId c;
        try (GitFixture g = GitFixture.init(repo)) {
            c = null;
            for (int week = 0; week < 5; week++) {
                Map<String, Object> files = new LinkedHashMap<>();
                files.put("app.py", "import asyncio\n# " + week + "\n");
                files.put("link.py", symlink("app.py"));
                String when = "2026-03-" + String.format("%02d", 2 + 7 * week) + "T10:00:00Z";
                c = c == null ? g.commit("main", when, files) : g.commit("main", when, files, c);
            }
        }
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        FaultRun first = FaultRun.scan(data, cache, List.of(repo), "--history", "weekly");
        assertThat(first.code()).as(first.toString()).isEqualTo(Main.OK);
        assertThat(first.errLines()).filteredOn(l -> l.startsWith("anyscope: links: link.py: ")).hasSize(1);
        String notes = "SELECT stage || ' ' || kind || ' ' || path || ' ' || snapshots FROM errors ORDER BY ALL";
        assertThat(ParquetRows.rows(data, notes)).containsExactly("list symlink link.py 5");

        // A new week holding it: counted once more, still one row.
        try (GitFixture g = GitFixture.wrap(repo, org.eclipse.jgit.api.Git.open(repo.toFile()))) {
            g.commit("main", "2026-04-06T10:00:00Z", Map.of("app.py", "import anyio\n", "link.py", symlink("app.py")),
                    c);
        }
        FaultRun second = FaultRun.scan(data, cache, List.of(repo), "--history", "weekly");
        assertThat(second.code()).as(second.toString()).isEqualTo(Main.OK);
        assertThat(ParquetRows.rows(data, notes)).containsExactly("list symlink link.py 6");
        // Nothing new: the note stays as it is.
        FaultRun third = FaultRun.scan(data, cache, List.of(repo), "--history", "weekly");
        assertThat(third.code()).as(third.toString()).isEqualTo(Main.OK);
        assertThat(ParquetRows.rows(data, notes)).containsExactly("list symlink link.py 6");
    }
}
