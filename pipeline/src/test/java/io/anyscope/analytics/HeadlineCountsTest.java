package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline numbers of the scope and progress reports over real repositories scanned weekly: one "legacy sites"
 * figure in both (imports, direct references and derived method facts given apart), % migrated over direct references
 * with broken sites as not migrated, half-migrated files, and what a search-and-replace migration broke.
 *
 * <p>alpha, W02: app/loop.py (import asyncio; get_event_loop and sleep, direct; loop.run_until_complete, derived) and
 * app/tasks.py (import asyncio; sleep and create_task). W03: tasks.py replaced by sed ("import anyio", asyncio.sleep
 * and asyncio.create_task to anyio.): anyio.create_task is no AnyIO name (broken, missing name) and the asyncio.gather
 * the sed missed is used unbound (broken); loop.py gets "import anyio" and one anyio.sleep beside its asyncio (half
 * migrated). beta, W03: svc/main.py imports trio and anyio (half migrated) and calls trio.sleep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadlineCountsTest {
    static final String LOOP_W02 = "import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n"
            + "    await asyncio.sleep(1)\n    loop.run_until_complete(work())\n";
    static final String LOOP_W03 = "import asyncio\nimport anyio\n\n\nasync def main():\n"
            + "    loop = asyncio.get_event_loop()\n    await asyncio.sleep(1)\n    loop.run_until_complete(work())\n"
            + "    await anyio.sleep(2)\n";
    static final String TASKS_W02 = "import asyncio\n\n\nasync def tick():\n    await asyncio.sleep(1)\n"
            + "    asyncio.create_task(tick())\n";
    static final String TASKS_W03 = "import anyio\n\n\nasync def tick():\n    await anyio.sleep(1)\n"
            + "    anyio.create_task(tick())\n    await asyncio.gather(tick())\n";
    static final String BETA = "import trio\nimport anyio\n\n\nasync def run():\n    await trio.sleep(1)\n";

    @TempDir
    static Path tmp;
    Path data;
    Path reports;

    @BeforeAll
    void scanAndReport() throws Exception {
        Path alpha = tmp.resolve("alpha");
        try (GitFixture g = GitFixture.init(alpha)) {
            var c1 = g.commit("main", "2026-01-06T10:00:00Z", Map.of("app/loop.py", LOOP_W02, "app/tasks.py", TASKS_W02));
            g.commit("main", "2026-01-13T10:00:00Z", Map.of("app/loop.py", LOOP_W03, "app/tasks.py", TASKS_W03), c1);
        }
        Path beta = tmp.resolve("beta");
        try (GitFixture g = GitFixture.init(beta)) {
            g.commit("main", "2026-01-14T10:00:00Z", Map.of("svc/main.py", BETA));
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), alpha + " alpha platform\n" + beta + " beta data\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--history",
                "weekly", "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "all", "--data", data.toString(), "--out", reports.toString(),
                "--format", "md,csv");
    }

    @Test
    void scopeAndProgressStateTheSameLegacySitesSplitThreeWays() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            // org at head: alpha 4 (1 import, 2 direct, 1 derived) + beta 2 (1 import, 1 direct)
            String cols = "legacy_sites, legacy_imports, legacy_refs, legacy_derived";
            assertThat(w.query("SELECT " + cols + " FROM rpt_scope_org").rows())
                    .containsExactly(List.of(6L, 2L, 3L, 1L));
            assertThat(w.query("SELECT period, " + cols + " FROM rpt_progress_org ORDER BY period_start").rows())
                    .containsExactly(List.of("2026-W02", 7L, 2L, 4L, 1L), List.of("2026-W03", 6L, 2L, 3L, 1L));
            assertThat(w.query("SELECT repo, period, legacy_sites, legacy_derived FROM rpt_progress_repos "
                    + "ORDER BY repo, period_start").rows()).containsExactly(List.of("alpha", "2026-W02", 7L, 1L),
                    List.of("alpha", "2026-W03", 4L, 1L), List.of("beta", "2026-W03", 2L, 0L));
            // W02: nothing migrated; the derived run_until_complete is no reference of % migrated
            assertThat(w.query("SELECT pct_migrated FROM rpt_progress_org ORDER BY period_start LIMIT 1").rows())
                    .containsExactly(List.of(0.0));
        }
        String card = "- **legacy sites (2 imports, 3 direct references, 1 derived):** 6";
        assertThat(Files.readString(reports.resolve("scope.md"))).contains(card)
                .contains("- **derived method facts (legacy / anyio):** 1 / 0");
        assertThat(Files.readString(reports.resolve("progress.md"))).contains(card);
    }

    @Test
    void halfMigratedFilesPerFileRepositoryAndOrganisation() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT repo, path, half_migrated FROM mart_scope_file ORDER BY repo, path").rows())
                    .containsExactly(List.of("alpha", "app/loop.py", true), List.of("alpha", "app/tasks.py", false),
                            List.of("beta", "svc/main.py", true));
            assertThat(w.query("SELECT repo, half_migrated_files FROM rpt_scope_repos ORDER BY repo").rows())
                    .containsExactly(List.of("alpha", 1L), List.of("beta", 1L));
            assertThat(w.query("SELECT half_migrated_files FROM rpt_scope_org").rows()).containsExactly(List.of(2L));
        }
        assertThat(Files.readString(reports.resolve("scope.md")))
                .contains("- **half-migrated files (legacy and anyio imported):** 2");
    }

    @Test
    void brokenSitesHaveTheirOwnLineTheirFixAndAreRegressions() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            // % migrated: anyio direct references 2 / (legacy 3 + broken 2 + anyio 2); alpha 2 / (2 + 2 + 2)
            String cols = "legacy_sites, anyio_refs, broken_sites, pct_migrated";
            assertThat(w.query("SELECT " + cols + " FROM rpt_scope_org").rows())
                    .containsExactly(List.of(6L, 2L, 2L, 28.6));
            assertThat(w.query("SELECT period, " + cols + " FROM rpt_progress_org ORDER BY period_start").rows())
                    .containsExactly(List.of("2026-W02", 7L, 0L, 0L, 0.0), List.of("2026-W03", 6L, 2L, 2L, 28.6));
            assertThat(w.query("SELECT repo, period, anyio_refs, broken_sites, pct_migrated FROM rpt_progress_repos "
                    + "ORDER BY repo, period_start").rows()).containsExactly(List.of("alpha", "2026-W02", 0L, 0L, 0.0),
                    List.of("alpha", "2026-W03", 2L, 2L, 33.3), List.of("beta", "2026-W03", 0L, 0L, 0.0));
            assertThat(w.query("SELECT symbol, broken_by, tier, sites, files, fix FROM rpt_broken_names").rows())
                    .containsExactly(List.of("anyio.create_task", "missing name", "structural", 1L, 1L,
                                    "TaskGroup.start_soon() inside `async with anyio.create_task_group()`; the task must "
                                    + "be owned by a caller's task group"),
                            List.of("asyncio.gather", "unbound", "structural", 1L, 1L,
                                    "task group: one tg.start_soon per awaitable, results collected by a helper"));
            // W03's new legacy or broken sites: the two broken ones (loop.py's legacy lines did not change)
            assertThat(w.query("SELECT repo, week, path, line, symbol, status FROM mart_regressions "
                    + "ORDER BY repo, week, line").rows()).containsExactly(
                    List.of("alpha", "2026-W03", "app/tasks.py", 6, "anyio.create_task", "broken"),
                    List.of("alpha", "2026-W03", "app/tasks.py", 7, "asyncio.gather", "broken"));
        }
        String line = "**Broken by the migration:** 2 sites in 1 files, top names: `anyio.create_task` (1 sites, "
                + "missing name, structural) → TaskGroup.start_soon() inside `async with anyio.create_task_group()`; the task "
                + "must be owned by a caller's task group; `asyncio.gather` (1 sites, unbound, structural) → `task group: "
                + "one tg.start_soon per awaitable, results collected by a helper`.";
        assertThat(Files.readString(reports.resolve("scope.md"))).contains(line)
                .contains("- **broken by the migration (sites in 1 files):** 2")
                .contains("- **% migrated (direct references):** 28.6%");
        assertThat(Files.readString(reports.resolve("progress.md"))).contains(line)
                .contains("- **broken by the migration (sites in 1 files):** 2");
        assertThat(Files.readAllLines(reports.resolve("regressions_last_week.csv"))).hasSize(3);
    }
}
