package io.anyscope.analytics;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.anyscope.git.GitFixture.at;
import static io.anyscope.git.GitFixture.ident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress per period of each repository's scan mode, from real repositories scanned by the CLI: per tag (in tag
 * order, which is commit-date order, not name order), per month, per commit, and a data set where one repository is
 * per tag and another weekly.
 *
 * <p>{@code lib} (app/x.py; legacy = asyncio references, anyio = anyio references, imports excluded):
 * <pre>
 * c1 2025-12-15  tag v0.1   asyncio.sleep x2                         legacy 2 anyio 0
 * c2 2026-01-20  tag v0.2   a() migrated (annotated tag)             legacy 1 anyio 1
 * c3 2026-02-10  tag v0.10  + asyncio.create_task in spawn()         legacy 2 anyio 1  (the regression)
 * c4 2026-03-03  tag v1.0   b() migrated                             legacy 1 anyio 2
 * c5 2026-03-10  (tip, no tag) app/other.py added                    legacy 1 anyio 2
 * </pre>
 * {@code svc} (weekly): s1 Mon 2026-02-02 (W06) one asyncio.sleep; s2 2026-02-18 (W08) migrated to anyio.sleep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeriodProgressTest {
    static final String X1 = "import asyncio\n\nasync def a():\n    await asyncio.sleep(1)\n\n"
            + "async def b():\n    await asyncio.sleep(2)\n";
    static final String X2 = "import anyio\nimport asyncio\n\nasync def a():\n    await anyio.sleep(1)\n\n"
            + "async def b():\n    await asyncio.sleep(2)\n";
    static final String X3 = X2 + "\n\ndef spawn(job):\n    asyncio.create_task(job())\n";
    static final String X4 = "import anyio\nimport asyncio\n\nasync def a():\n    await anyio.sleep(1)\n\n"
            + "async def b():\n    await anyio.sleep(2)\n\n\ndef spawn(job):\n    asyncio.create_task(job())\n";
    static final String S1 = "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n";
    static final String S2 = "import anyio\n\nasync def main():\n    await anyio.sleep(1)\n";

    @TempDir
    static Path tmp;
    Path lib;
    Path svc;

    @BeforeAll
    void repositories() {
        lib = tmp.resolve("lib");
        try (GitFixture g = GitFixture.init(lib)) {
            ObjectId c1 = commit(g, "2025-12-15T10:00:00Z", Map.of("app/x.py", X1));
            g.lightweightTag("v0.1", c1);
            ObjectId c2 = commit(g, "2026-01-20T10:00:00Z", Map.of("app/x.py", X2), c1);
            g.annotatedTag("v0.2", c2, "2026-01-21T09:00:00Z");
            ObjectId c3 = commit(g, "2026-02-10T10:00:00Z", Map.of("app/x.py", X3), c2);
            g.lightweightTag("v0.10", c3);
            ObjectId c4 = commit(g, "2026-03-03T10:00:00Z", Map.of("app/x.py", X4), c3);
            g.lightweightTag("v1.0", c4);
            commit(g, "2026-03-10T10:00:00Z", Map.of("app/x.py", X4, "app/other.py", "VALUE = 1\n"), c4);
        }
        svc = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(svc)) {
            ObjectId s1 = commit(g, "2026-02-02T10:00:00Z", Map.of("svc/main.py", S1));
            commit(g, "2026-02-18T10:00:00Z", Map.of("svc/main.py", S2), s1);
        }
    }

    private static ObjectId commit(GitFixture g, String when, Map<String, ?> files, ObjectId... parents) {
        PersonIdent p = ident("Ada", at(when), ZoneOffset.UTC);
        return g.commit("main", p, p, "at " + when, files, parents);
    }

    private static Path scan(Path data, String history, Path repo) {
        CommandRun r = CommandRun.of("scan", repo.toString(), "--out", data.toString(), "--history", history,
                "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        return data;
    }

    private static List<String> rows(Path data, String sql) throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            List<String> out = new ArrayList<>();
            for (List<Object> r : w.query(sql).rows()) {
                out.add(String.join(" ", r.stream().map(Table::text).toList()));
            }
            return out;
        }
    }

    private static String progressMarkdown(Path data, String name) throws Exception {
        Path out = tmp.resolve(name);
        CommandRun r = CommandRun.of("report", "progress", "--data", data.toString(), "--out", out.toString(),
                "--format", "md");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        return Files.readString(out.resolve("progress.md"));
    }

    @Test
    void tagHistoryHasOnePointPerTagInTagOrderWithRegressionsAndAProjectionByTagDates() throws Exception {
        Path data = scan(tmp.resolve("data-tags"), "tags", lib);
        assertThat(rows(data, "SELECT period, period_kind, point_seq, point_date, legacy_refs, anyio_refs "
                + "FROM mart_progress_repo_week ORDER BY point_seq"))
                .containsExactly(
                        "v0.1 tag 1 2025-12-15 2 0",
                        "v0.2 tag 2 2026-01-20 1 1",
                        "v0.10 tag 3 2026-02-10 2 1",
                        "v1.0 tag 4 2026-03-03 1 2");
        // The untagged tip is not a point; the organisation's series is the repository's, per tag.
        assertThat(rows(data, "SELECT period, period_kind, date, repos, legacy_refs, anyio_refs, axis "
                + "FROM rpt_progress_org")).containsExactly(
                        "v0.1 tag 2025-12-15 1 2 0 v0.1 (2025-12-15)",
                        "v0.2 tag 2026-01-20 1 1 1 v0.2 (2026-01-20)",
                        "v0.10 tag 2026-02-10 1 2 1 v0.10 (2026-02-10)",
                        "v1.0 tag 2026-03-03 1 1 2 v1.0 (2026-03-03)");
        // v0.10 added create_task: a regression of that tag (the moved import of v0.2 is not one).
        assertThat(rows(data, "SELECT period, period_kind, previous_week, path, line, symbol, attributed_by "
                + "FROM mart_regressions ORDER BY point_seq, line"))
                .containsExactly("v0.10 tag v0.2 app/x.py 12 asyncio.create_task change");
        // Velocity per tag over the last 4 + 1 tags: (3 - 2) / 3 tags; 2 legacy sites left (the file's import counts:
        // the headline's legacy sites are imports + references + derived) = 6 tags of the window's mean length
        // (78 days / 3) after v1.0: 2026-03-03 + 156 days.
        assertThat(rows(data, "SELECT level, period_kind, from_period, to_period, periods, velocity_per_period, "
                + "velocity_per_week, trend, projected_completion FROM rpt_velocity")).containsExactly(
                        "repo tag v0.1 v1.0 3 0.33 0.09 converging 2026-08-06",
                        "org tag v0.1 v1.0 3 0.33 0.09 converging 2026-08-06");
        assertThat(rows(data, "SELECT period, symbol FROM rpt_regressions_last_week")).isEmpty();
        assertThat(rows(data, "SELECT period, symbol, period_kind FROM rpt_regressions_recent"))
                .containsExactly("v0.10 asyncio.create_task tag");
        assertThat(SqlDataTests.failing(data)).isEmpty();

        String md = progressMarkdown(data, "report-tags");
        assertThat(md).contains("Burn-down per tag").contains("**tag:** v1.0")
                .contains("**velocity (legacy sites/tag):** 0.33").contains("**projected completion:** 2026-08-06")
                .contains("**regressions last tag:** 0").contains("## Regressions last tag")
                .containsPattern("\\| lib \\| v0\\.10 \\| app/x\\.py \\| \\[12\\]\\(<file:[^>]*/app/x\\.py>\\) \\| "
                        + "asyncio\\.create_task \\|") // the line links to the file of the local working copy
                .doesNotContain("last week");
    }

    @Test
    void monthlyHistoryHasOnePointPerMonth() throws Exception {
        Path data = scan(tmp.resolve("data-monthly"), "monthly", lib);
        assertThat(rows(data, "SELECT period, period_kind, date, legacy_refs, anyio_refs FROM rpt_progress_repos"))
                .containsExactly(
                        "2025-12 month 2025-12-01 2 0",
                        "2026-01 month 2026-01-01 1 1",
                        "2026-02 month 2026-02-01 2 1",
                        "2026-03 month 2026-03-01 1 2");
        assertThat(rows(data, "SELECT period, previous_week, symbol FROM mart_regressions"))
                .containsExactly("2026-02 2026-01 asyncio.create_task");
        // (2 - 1) over 3 months: 1 left = 3 more months after March: the end of June.
        assertThat(rows(data, "SELECT level, period_kind, periods, velocity_per_period, trend, projected_completion "
                + "FROM rpt_velocity")).containsExactly(
                        "repo month 3 0.33 converging 2026-09-30",
                        "org month 3 0.33 converging 2026-09-30");
        assertThat(SqlDataTests.failing(data)).isEmpty();
        String md = progressMarkdown(data, "report-monthly");
        assertThat(md).contains("Burn-down per month").contains("**month:** 2026-03")
                .contains("**regressions last month:** 0");
    }

    @Test
    void allHistoryHasOnePointPerCommit() throws Exception {
        Path data = scan(tmp.resolve("data-all"), "all", lib);
        assertThat(rows(data, "SELECT period_kind, point_seq, point_date, legacy_refs, anyio_refs "
                + "FROM mart_progress_repo_week ORDER BY point_seq"))
                .containsExactly(
                        "commit 1 2025-12-15 2 0",
                        "commit 2 2026-01-20 1 1",
                        "commit 3 2026-02-10 2 1",
                        "commit 4 2026-03-03 1 2",
                        "commit 5 2026-03-10 1 2");
        assertThat(rows(data, "SELECT r.period = s.commit_id, s.commit_time, r.symbol FROM mart_regressions r "
                + "JOIN mart_snapshots s ON s.repo_id = r.repo_id AND s.label = r.period"))
                .containsExactly("true 2026-02-10 10:00 asyncio.create_task");
        // (2 - 1) over 4 commits; 1 left = 4 commits of the window's mean length (85 days / 4) after 2026-03-10.
        assertThat(rows(data, "SELECT level, periods, velocity_per_period, projected_completion FROM rpt_velocity"))
                .containsExactly("repo 4 0.25 2026-08-27", "org 4 0.25 2026-08-27");
        assertThat(SqlDataTests.failing(data)).isEmpty();
        assertThat(progressMarkdown(data, "report-all")).contains("Burn-down per commit")
                .contains("**velocity (legacy sites/commit):** 0.25");
    }

    /**
     * lib per tag and svc weekly in one data set: each repository's series in its own mode; the organisation's by
     * calendar week (the weeks svc has a point in, and the weeks of lib's tags), each week summing every repository's
     * latest point at the week's end.
     */
    @Test
    void mixedModesReportPerRepositoryModeAndAWeeklyOrganisationSeries() throws Exception {
        Path data = tmp.resolve("data-mixed");
        scan(data, "tags", lib);
        scan(data, "weekly", svc);
        assertThat(rows(data, "SELECT repo, period, period_kind, legacy_refs, anyio_refs FROM rpt_progress_repos"))
                .containsExactly(
                        "lib v0.1 tag 2 0", "lib v0.2 tag 1 1", "lib v0.10 tag 2 1", "lib v1.0 tag 1 2",
                        "svc 2026-W06 week 1 0", "svc 2026-W07 week 1 0", "svc 2026-W08 week 0 1");
        assertThat(rows(data, "SELECT period, period_kind, date, repos, legacy_refs, anyio_refs FROM rpt_progress_org"))
                .containsExactly(
                        "2025-W51 week 2025-12-15 1 2 0",
                        "2026-W04 week 2026-01-19 1 1 1",
                        "2026-W06 week 2026-02-02 2 2 1",
                        "2026-W07 week 2026-02-09 2 3 1",
                        "2026-W08 week 2026-02-16 2 2 2",
                        "2026-W10 week 2026-03-02 2 1 3");
        assertThat(rows(data, "SELECT repo, period, symbol FROM mart_regressions")).containsExactly(
                "lib v0.10 asyncio.create_task");
        // The newest week (W10) brought none; the trailing window (W06 .. W10, after W04) holds lib's v0.10.
        assertThat(rows(data, "SELECT * FROM rpt_regressions_last_week")).isEmpty();
        assertThat(rows(data, "SELECT repo, period, symbol FROM rpt_regressions_recent"))
                .containsExactly("lib v0.10 asyncio.create_task");
        assertThat(rows(data, "SELECT level, name, period_kind, from_period, to_period, trend FROM rpt_velocity"))
                .containsExactly(
                        "repo lib tag v0.1 v1.0 converging",
                        "repo svc week 2026-W06 2026-W08 done",
                        "org (all repositories) week 2026-W06 2026-W10 converging");
        assertThat(SqlDataTests.failing(data)).isEmpty();
        String md = progressMarkdown(data, "report-mixed");
        assertThat(md).contains("Burn-down per week (repositories: 1 per tag, 1 per week)")
                .contains("**week:** 2026-W10").contains("**regressions last week:** 0");
    }

    /**
     * A monthly repository in a weekly organisation series: each month counts from the week of its last day (the
     * instant its point stands for), so its newest month is in the organisation's last point, not its previous one.
     */
    @Test
    void aMonthlyRepositoryCountsInAWeeklyOrganisationSeriesFromTheWeekItsMonthEnds() throws Exception {
        Path data = tmp.resolve("data-monthly-weekly");
        scan(data, "monthly", lib);
        scan(data, "weekly", svc);
        assertThat(rows(data, "SELECT period, date, repos, legacy_refs, anyio_refs FROM rpt_progress_org"))
                .containsExactly(
                        "2026-W01 2025-12-29 1 2 0",   // lib's December (ends Wed 31 Dec)
                        "2026-W05 2026-01-26 1 1 1",   // lib's January
                        "2026-W06 2026-02-02 2 2 1",   // + svc W06
                        "2026-W07 2026-02-09 2 2 1",
                        "2026-W08 2026-02-16 2 1 2",   // svc migrated; lib's February not over yet
                        "2026-W09 2026-02-23 2 2 2",   // lib's February: the create_task
                        "2026-W14 2026-03-30 2 1 3");  // lib's March (its newest month) is counted
        assertThat(SqlDataTests.failing(data)).isEmpty();
    }
}
