package io.anyscope.fault;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.anyscope.fault.HistoryFaultSupport.assertCarried;
import static io.anyscope.fault.HistoryFaultSupport.assertNoTrace;
import static io.anyscope.fault.HistoryFaultSupport.commit;
import static io.anyscope.fault.HistoryFaultSupport.generationBytes;
import static io.anyscope.fault.HistoryFaultSupport.problemLines;
import static io.anyscope.fault.HistoryFaultSupport.rows;
import static io.anyscope.fault.HistoryFaultSupport.scan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault suite: commit dates a 32-bit clock cannot hold (after 2038, before 1970) and a commit dated far before the
 * rest of its history. The commits are written with JGit's CommitBuilder and {@code PersonIdent(Instant, ZoneId)}:
 * git 2.39 writes 2100 dates the same way ({@code GIT_COMMITTER_DATE="@4102444800 +0000"} gives the header
 * {@code committer ... 4102444800 +0000}) but refuses dates before 1970, which JGit writes as negative seconds.
 */
class DatesFaultTest {
    private static final String HEALTHY_1 = "import asyncio\nasyncio.run(main())\n";
    private static final String HEALTHY_2 = "import anyio\nanyio.run(main)\n";

    @TempDir
    Path tmp;

    private Path healthy() {
        Path dir = tmp.resolve("healthy");
        try (GitFixture g = GitFixture.init(dir)) {
            ObjectId h1 = commit(g, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", Map.of("app.py", HEALTHY_1));
            commit(g, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z", Map.of("app.py", HEALTHY_2), h1);
        }
        return dir;
    }

    private static void assertHealthyComplete(Path data) throws Exception {
        assertThat(rows(data, "SELECT s.label, s.status, count(u.line) FROM snapshots s JOIN repos r USING (repo_id) "
                + "JOIN files f USING (repo_id, commit_id) LEFT JOIN usages u USING (blob_id) "
                + "WHERE r.name = 'healthy' GROUP BY ALL ORDER BY 1"))
                .containsExactly("2026-W10 ok 2", "2026-W11 ok 2");
    }

    @Test
    void datesAfter2038AndBefore1970AreKeptInSnapshotsChangesAndTheWeeklySeries() throws Exception {
        Path future = tmp.resolve("future");
        try (GitFixture g = GitFixture.init(future)) {
            ObjectId f1 = commit(g, "2099-12-31T12:00:00Z", "2100-01-01T00:00:00Z",
                    Map.of("a.py", "import asyncio\nasyncio.run(main())\n"));
            ObjectId f2 = commit(g, "2100-01-08T08:00:00Z", "2100-01-08T09:00:00Z",
                    Map.of("a.py", "import asyncio\nasyncio.run(main())\nasyncio.sleep(1)\n"), f1);
            commit(g, "2100-01-15T08:00:00Z", "2100-01-15T09:00:00Z", Map.of("a.py", "import anyio\nanyio.run(main)\n"),
                    f2);
        }
        Path past = tmp.resolve("past");
        try (GitFixture g = GitFixture.init(past)) {
            ObjectId p1 = commit(g, "1969-07-16T13:32:00Z", "1969-07-20T20:17:40Z",
                    Map.of("a.py", "import trio\ntrio.run(main)\n"));
            commit(g, "1969-07-21T02:56:00Z", "1969-07-21T02:56:15Z",
                    Map.of("a.py", "import trio\ntrio.run(main)\ntrio.sleep(1)\n"), p1);
        }
        Path data = tmp.resolve("data");
        CommandRun run = scan(data, tmp.resolve("cache"), "weekly", List.of(future, past, healthy()));

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(problemLines(run)).isEmpty();
        assertNoTrace(run);
        assertThat(rows(data, "SELECT count(*) FROM errors")).containsExactly("0");
        // Labels, committer and author dates as written (2100-01-01 is a Friday of ISO week 2099-W53), read back
        // from Parquet through DuckDB.
        String when = "strftime(%s, '%%Y-%%m-%%d %%H:%%M:%%S')";
        assertThat(rows(data, "SELECT r.name, s.label, " + when.formatted("s.commit_time") + ", "
                + when.formatted("s.author_time") + ", s.is_head, s.status FROM snapshots s JOIN repos r "
                + "USING (repo_id) WHERE r.name <> 'healthy' ORDER BY r.name, s.commit_time"))
                .containsExactly(
                        "future 2099-W53 2100-01-01 00:00:00 2099-12-31 12:00:00 false ok",
                        "future 2100-W01 2100-01-08 09:00:00 2100-01-08 08:00:00 false ok",
                        "future 2100-W02 2100-01-15 09:00:00 2100-01-15 08:00:00 true ok",
                        "past 1969-W29 1969-07-20 20:17:40 1969-07-16 13:32:00 false ok",
                        "past 1969-W30 1969-07-21 02:56:15 1969-07-21 02:56:00 true ok");
        assertThat(rows(data, "SELECT r.name, c.seq, " + when.formatted("c.commit_time") + ", "
                + when.formatted("c.author_time") + ", c.change FROM changes c JOIN repos r USING (repo_id) "
                + "WHERE r.name <> 'healthy' ORDER BY r.name, c.seq"))
                .containsExactly(
                        "future 0 2100-01-01 00:00:00 2099-12-31 12:00:00 add",
                        "future 1 2100-01-08 09:00:00 2100-01-08 08:00:00 modify",
                        "future 2 2100-01-15 09:00:00 2100-01-15 08:00:00 modify",
                        "past 0 1969-07-20 20:17:40 1969-07-16 13:32:00 add",
                        "past 1 1969-07-21 02:56:15 1969-07-21 02:56:00 modify");
        // The weekly series through the SQL views, as a user queries it.
        CommandRun sql = CommandRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT repo, week, period_start, legacy_refs, anyio_refs FROM mart_progress_repo_week "
                        + "WHERE repo <> 'healthy' ORDER BY repo, period_start");
        assertThat(sql.code()).as(sql.err()).isZero();
        assertThat(sql.out().lines().skip(1).toList()).containsExactly(
                "future,2099-W53,2099-12-28,1,0",
                "future,2100-W01,2100-01-04,2,0",
                "future,2100-W02,2100-01-11,0,1",
                "past,1969-W29,1969-07-14,1,0",
                "past,1969-W30,1969-07-21,2,0");
        assertHealthyComplete(data);
    }

    @Test
    void aCommitDated1970DoesNotStretchTheWeeklySeriesAndSinceStillWins() throws Exception {
        Path epoch = tmp.resolve("epoch");
        ObjectId root;
        try (GitFixture g = GitFixture.init(epoch)) {
            root = commit(g, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", Map.of("a.py", "import asyncio\n"));
            ObjectId c2 = commit(g, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z",
                    Map.of("a.py", "import asyncio\nasyncio.run(main())\n"), root);
            ObjectId c3 = commit(g, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z",
                    Map.of("a.py", "import asyncio\nasyncio.run(main())\nasyncio.sleep(1)\n"), c2);
            commit(g, "2026-03-16T10:00:00Z", "2026-03-16T10:00:00Z", Map.of("a.py", "import anyio\n"), c3);
        }
        Path healthy = healthy();
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        CommandRun first = scan(data, cache, "weekly", List.of(healthy));
        assertThat(first.code()).as(first.err()).isEqualTo(Main.OK);
        Map<String, String> before = generationBytes(data);

        CommandRun run = scan(data, cache, "weekly", List.of(epoch, healthy));

        // A note, not a failure: nothing is lost, the series only does not start in 1970.
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertNoTrace(run);
        assertThat(problemLines(run)).singleElement().satisfies(l -> assertThat(l)
                .startsWith("anyscope: " + epoch + ": ")
                .contains("weekly history starts at 2026-03-02", "1 commit is dated more than 5 years before",
                        root.name() + " on 1970-01-01", "--since 1970-01-01"));
        assertThat(rows(data, "SELECT e.stage, e.kind, e.snapshot FROM errors e JOIN repos r USING (repo_id) "
                + "WHERE e.run_id = (SELECT arg_max(run_id, started_at) FROM runs)"))
                .containsExactly("history date_outlier " + root.name());
        assertThat(rows(data, "SELECT s.label, s.repeated FROM snapshots s JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'epoch' ORDER BY s.period_start"))
                .containsExactly("2026-W10 false", "2026-W11 false", "2026-W12 false");
        assertHealthyComplete(data);
        assertCarried(before, data, "files", "blobs", "usages", "errors", "runs");

        // --since wins: the series starts where it says, every commit counted, no note.
        CommandRun since = scan(data, cache, "weekly", List.of(epoch), "--since", "2025-12-29");
        assertThat(since.code()).as(since.err()).isEqualTo(Main.OK);
        assertThat(problemLines(since)).isEmpty();
        assertThat(rows(data, "SELECT min(s.label), max(s.label), count(*) FROM snapshots s JOIN repos r "
                + "USING (repo_id) WHERE r.name = 'epoch'")).containsExactly("2026-W01 2026-W12 12");
    }
}
