package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same pipeline, unchanged, on Flink's embedded mini-cluster: its tables must equal the DirectRunner's (run ids
 * and times aside).
 */
class FlinkEqualsDirectTest {
    @TempDir
    Path tmp;

    /** Columns that name the run or the moment; everything else must be identical. */
    private static final Map<String, String> VOLATILE = Map.of(
            Tables.REPOS, "EXCLUDE (scanned_at)",
            Tables.ERRORS, "EXCLUDE (run_id, \"at\")");

    @Test
    void flinkWritesTheSameTablesAsTheDirectRunner() throws Exception {
        // pytest-anyio in b: a findings row (every table must have rows)
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        try (GitFixture g = GitFixture.init(a)) {
            ObjectId c1 = g.commit("main", "2026-02-02T10:00:00Z", Map.of("app/main.py", ScanEndToEndTest.MAIN_V1,
                    "pyproject.toml", ScanEndToEndTest.PYPROJECT));
            ObjectId c2 = g.commit("main", "2026-02-11T10:00:00Z", Map.of("app/main.py", ScanEndToEndTest.MAIN_V2,
                    "app/tasks.py", ScanEndToEndTest.TASKS, "pyproject.toml", ScanEndToEndTest.PYPROJECT,
                    "app/broken.py", "import asyncio\ndef f(:\n"), c1);
            g.commit("main", "2026-02-25T10:00:00Z", Map.of("app/main.py", ScanEndToEndTest.MAIN_V2,
                    "app/jobs.py", ScanEndToEndTest.TASKS, "app/feat.py", ScanEndToEndTest.FEAT), c2);
        }
        try (GitFixture g = GitFixture.init(b)) {
            g.commit("main", "2026-02-03T10:00:00Z", Map.of("lib/x.py", ScanEndToEndTest.FEAT,
                    "requirements.txt", "trio>=0.22\npytest-trio\npytest-anyio\n"));
        }
        List<RepoSpec> repos = List.of(new RepoSpec(a.toString(), "a", "t1"), new RepoSpec(b.toString(), "b", "t2"));
        Path direct = tmp.resolve("direct");
        Path flink = tmp.resolve("flink");
        Scan.Outcome d = run(repos, direct, List.of());
        Scan.Outcome f = run(repos, flink, List.of("--runner=FlinkRunner", "--flinkMaster=[local]",
                "--parallelism=2"));
        assertThat(f.runner()).isEqualTo("FlinkRunner");
        assertThat(d.runner()).isEqualTo("DirectRunner");
        for (String t : Tables.ALL) {
            if (t.equals(Tables.RUNS)) {
                continue;
            }
            String sql = "SELECT * " + VOLATILE.getOrDefault(t, "") + " FROM " + t + " ORDER BY ALL";
            List<String> viaDirect = ParquetRows.rows(direct, sql);
            assertThat(ParquetRows.rows(flink, sql)).as(t).isEqualTo(viaDirect);
            if (!t.equals(Tables.ERRORS)) {
                assertThat(viaDirect).as(t + " has rows").isNotEmpty();
            }
        }
        for (String c : List.of("repos", "snapshots", "files", "distinct_blobs", "parsed_blobs", "facts", "errors")) {
            assertThat(f.get(c)).as(c).isEqualTo(d.get(c));
        }
        assertThat(ParquetRows.rows(flink, "SELECT runner FROM runs")).containsExactly("FlinkRunner");
        // The history mode reached Flink's workers through the serialized options: weekly, not the default head.
        assertThat(ParquetRows.rows(flink, "SELECT DISTINCT kind FROM snapshots")).contains("week");
    }

    private Scan.Outcome run(List<RepoSpec> repos, Path data, List<String> beamArgs) throws Exception {
        return Scan.run(repos, data, ScanOptions.withArgs(TestScans.options(History.Mode.WEEKLY,
                tmp.resolve("cache"), 5_000_000, "test"), beamArgs), new PrintWriter(new StringWriter()));
    }
}
