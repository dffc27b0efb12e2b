package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
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

/** A data set written before snapshots had a status column stays readable, and the next scan carries it over. */
class SnapshotStatusCompatibilityTest {
    @TempDir
    Path tmp;

    private Scan.Outcome scan(Path data, Path repo) throws Exception {
        return Scan.run(List.of(new RepoSpec(repo.toString(), repo.getFileName().toString(), null)), data,
                TestScans.options(History.Mode.WEEKLY, tmp.resolve("cache"), 1 << 20, "test"),
                new PrintWriter(new StringWriter()));
    }

    private Path repo(String name) {
        Path dir = tmp.resolve(name);
        try (GitFixture g = GitFixture.init(dir)) {
            ObjectId c1 = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\nasyncio.run(m())\n"));
            g.commit("main", "2026-03-09T10:00:00Z", Map.of("a.py", "import anyio\nanyio.run(m)\n"), c1);
        }
        return dir;
    }

    /** Rewrites the current snapshots files as a version without the status column wrote them. */
    private static void dropStatusColumn(Path data) throws Exception {
        OlderDataSets.dropColumn(data, Tables.SNAPSHOTS, "status");
    }

    @Test
    void snapshotsWithoutAStatusColumnReadAsCompleteAndAreCarriedIntoTheNextGeneration() throws Exception {
        Path data = tmp.resolve("data");
        scan(data, repo("first"));
        dropStatusColumn(data);
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM snapshots")).containsExactly("2");

        CommandRun sql = CommandRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT repo, week, legacy_refs FROM mart_progress_repo_week ORDER BY week");
        assertThat(sql.code()).as(sql.err()).isZero();
        assertThat(sql.out().lines().skip(1).toList()).containsExactly("first,2026-W10,1", "first,2026-W11,0");

        // Another repository's scan carries the old rows over (in the current schema, status NULL: complete).
        scan(data, repo("second"));
        assertThat(ParquetRows.rows(data, "SELECT r.name, s.label, coalesce(s.status, 'NULL') FROM snapshots s "
                + "JOIN repos r USING (repo_id) ORDER BY 1, 2")).containsExactly(
                "first 2026-W10 NULL", "first 2026-W11 NULL", "second 2026-W10 ok", "second 2026-W11 ok");
        CommandRun after = CommandRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT repo, week, legacy_refs FROM mart_progress_repo_week ORDER BY repo, week");
        assertThat(after.out().lines().skip(1).toList()).containsExactly("first,2026-W10,1", "first,2026-W11,0",
                "second,2026-W10,1", "second,2026-W11,0");
    }
}
