package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration mistakes through a real weekly scan: a repository whose week-3 commit (Bob's) awaits start_soon(), wraps
 * the task group in a plain {@code except ValueError:} and adds a pytest-anyio dependency; week 4 (Carol's) removes
 * the await and adds a docstring line above the try (the except moves down a line, which is no new finding). The
 * findings table holds them per blob, the marts per snapshot with the site identity, the new findings per point
 * with the commit that made them, and the scope and progress reports say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingsEndToEndTest {
    static final String HEAD_OF_FILE = "import anyio\n\n\nasync def job(n):\n    await anyio.sleep(n)\n\n\n";
    static final String W2 = HEAD_OF_FILE + "async def main():\n    async with anyio.create_task_group() as tg:\n"
            + "        tg.start_soon(job, 1)\n";
    static final String W3 = HEAD_OF_FILE + "async def main():\n    try:\n"
            + "        async with anyio.create_task_group() as tg:\n            await tg.start_soon(job, 1)\n"
            + "    except ValueError:\n        pass\n";
    static final String W4 = HEAD_OF_FILE + "async def main():\n    \"\"\"Runs the jobs.\"\"\"\n    try:\n"
            + "        async with anyio.create_task_group() as tg:\n            tg.start_soon(job, 1)\n"
            + "    except ValueError:\n        pass\n";

    @TempDir
    static Path tmp;
    Path data;
    Path reports;
    String bobCommit;
    String carolCommit;

    @BeforeAll
    void scanAndReport() throws Exception {
        Path repo = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(repo)) {
            ObjectId c1 = g.commit("main", "2026-01-06T10:00:00Z", Map.of("svc/worker.py", W2,
                    "requirements-dev.txt", "pytest>=8\n"));
            PersonIdent bob = GitFixture.ident("Bob", GitFixture.at("2026-01-13T10:00:00Z"), ZoneOffset.UTC);
            ObjectId c2 = g.commit("main", bob, bob, "move to task groups", Map.of("svc/worker.py", W3,
                    "requirements-dev.txt", "pytest>=8\npytest-anyio>=0.1.0\n"), c1);
            bobCommit = c2.name();
            PersonIdent carol = GitFixture.ident("Carol", GitFixture.at("2026-01-20T10:00:00Z"), ZoneOffset.UTC);
            carolCommit = g.commit("main", carol, carol, "start_soon is not awaited", Map.of("svc/worker.py", W4,
                    "requirements-dev.txt", "pytest>=8\npytest-anyio>=0.1.0\n"), c2).name();
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), repo + " svc payments\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--history",
                "weekly", "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "all", "--data", data.toString(), "--out", reports.toString(),
                "--format", "md,csv");
    }

    @Test
    void findingsAreFactsPerBlobReadBackThroughDuckDb() throws Exception {
        // requirements-dev.txt is one blob in weeks 3 and 4: one row
        try (Warehouse w = Warehouse.open(data)) {
            // start_soon (AnyIO 3.0) is stored per blob with its range; the repository declares no AnyIO, so the
            // snapshot views drop it (FindingsByRepositoryEndToEndTest has a repository where it holds)
            assertThat(w.query("SELECT DISTINCT source_line, anyio FROM stg_findings "
                    + "WHERE rule_id = 'anyio-api-newer-than-declared' ORDER BY source_line").rows())
                    .containsExactly(List.of("await tg.start_soon(job, 1)", "<3.0"),
                            List.of("tg.start_soon(job, 1)", "<3.0"));
            assertThat(w.query("SELECT count(*) FROM mart_findings_snapshot "
                    + "WHERE rule_id = 'anyio-api-newer-than-declared'").rows()).containsExactly(List.of(0L));
            assertThat(w.query("SELECT rule_id, severity, line, col, end_line, end_col, source_line FROM stg_findings "
                    + "WHERE rule_id <> 'anyio-api-newer-than-declared' ORDER BY line, rule_id").rows()).containsExactly(
                    List.of("pytest-anyio-dependency", "warning", 2, 1, 2, 20, "pytest-anyio>=0.1.0"),
                    List.of("await-start-soon", "error", 11, 13, 11, 40, "await tg.start_soon(job, 1)"),
                    List.of("except-around-task-group", "error", 12, 5, 13, 13, "except ValueError:"),
                    List.of("except-around-task-group", "error", 13, 5, 14, 13, "except ValueError:"));
        }
    }

    @Test
    void atHeadOneFindingPerSite() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT path, line, rule_id, fix FROM mart_findings_head ORDER BY path").rows())
                    .containsExactly(
                            List.of("requirements-dev.txt", 2, "pytest-anyio-dependency", "Remove pytest-anyio; mark "
                                    + "tests with @pytest.mark.anyio and set the backends with the anyio_backend "
                                    + "fixture"),
                            List.of("svc/worker.py", 13, "except-around-task-group", "Use `except* X:` (Python 3.11+, "
                                    + "or exceptiongroup.catch()), or catch the exception inside the task"));
            assertThat(w.query("SELECT findings, files, errors, by_rule FROM rpt_findings_summary").rows())
                    .containsExactly(List.of(2L, 2L, 1L, "except-around-task-group 1, pytest-anyio-dependency 1"));
        }
    }

    @Test
    void newFindingsPerWeekWithTheCommitThatMadeThem() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT period, path, line, rule_id, commit_id, author, attributed_by "
                    + "FROM mart_finding_regressions ORDER BY period, path, line").rows()).containsExactly(
                    List.of("2026-W03", "requirements-dev.txt", 2, "pytest-anyio-dependency", bobCommit, "Bob",
                            "change"),
                    List.of("2026-W03", "svc/worker.py", 11, "await-start-soon", bobCommit, "Bob", "change"),
                    List.of("2026-W03", "svc/worker.py", 12, "except-around-task-group", bobCommit, "Bob",
                            "change"));
        }
    }

    @Test
    void fixedFindingsAndTheWeeklyCountsOfTheProgressReport() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            // week 4 removes the await (fixed, Carol's commit); the except moving down a line is not a fix
            assertThat(w.query("SELECT period, path, line, rule_id, commit_id, author, attributed_by "
                    + "FROM mart_finding_fixes").rows()).containsExactly(
                    List.of("2026-W04", "svc/worker.py", 11, "await-start-soon", carolCommit, "Carol", "change"));
            assertThat(w.query("SELECT period, findings, new_findings, fixed_findings FROM rpt_progress_org "
                    + "ORDER BY period").rows()).containsExactly(
                    List.of("2026-W02", 0L, 0L, 0L), List.of("2026-W03", 3L, 3L, 0L),
                    List.of("2026-W04", 2L, 0L, 1L));
            assertThat(w.query("SELECT repo, period, findings, new_findings, fixed_findings FROM rpt_progress_repos "
                    + "WHERE period = '2026-W04'").rows()).containsExactly(List.of("svc", "2026-W04", 2L, 0L, 1L));
        }
        String progress = Files.readString(reports.resolve("progress.md"));
        assertThat(progress).contains("- **migration mistakes (new / fixed last week):** 2 (0 / 1)")
                .contains("## Migration mistakes per week").contains("### Fixed migration mistakes");
        assertThat(Files.readAllLines(reports.resolve("finding_fixes.csv"))).containsExactly(
                "repo,period,path,line,col,rule_id,severity,source_line,commit_id,author,author_time,attributed_by,"
                        + "period_kind",
                "svc,2026-W04,svc/worker.py,11,13,await-start-soon,error,\"await tg.start_soon(job, 1)\","
                        + carolCommit + ",Carol,2026-01-20 10:00,change,week");
        assertThat(Files.readAllLines(reports.resolve("progress_org.csv")).get(0))
                .contains(",findings,new_findings,fixed_findings,");
    }

    @Test
    void theReportsSayWhatTheMigrationIntroduced() throws Exception {
        String scope = Files.readString(reports.resolve("scope.md"));
        assertThat(scope).contains("**Introduced by the migration:** 2 findings in 2 files (errors: 1), by rule: "
                + "except-around-task-group 1, pytest-anyio-dependency 1.");
        assertThat(scope).contains("## Introduced by the migration");
        assertThat(Files.readString(reports.resolve("findings.csv")))
                .contains("svc/worker.py,13,except-around-task-group,error,");
        String progress = Files.readString(reports.resolve("progress.md"));
        assertThat(progress).contains("### New migration mistakes").contains("await tg.start_soon(job, 1)");
    }
}
