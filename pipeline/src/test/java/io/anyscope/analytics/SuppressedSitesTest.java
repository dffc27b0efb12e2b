package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.catalog.Catalog;
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
 * Inline suppressions ({@code # anyscope: ignore[...] reason}) in a scanned repository: the sites they name are
 * counted and listed in the scope report, never dropped from its counts, with the rule {@code anyscope check} applies
 * (the site's line or the line above; a symbol, a rule id or a prefix ending in {@code *}; no reason, no suppression).
 *
 * <p>svc/a.py: create_task suppressed on its line (symbol), get_event_loop suppressed from the line above (prefix),
 * sleep named by a comment without a reason, gather not named (the comment above names create_task only), and the
 * import not suppressed. svc/b.py: anyio.create_task (broken) suppressed by the rule id of asyncio.create_task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuppressedSitesTest {
    static final String A = "import asyncio\n\n\nasync def main():\n"
            + "    asyncio.create_task(job())  # anyscope: ignore[asyncio.create_task] shim until the worker moves\n"
            + "    # anyscope: ignore[asyncio.get_*] loop owned by the legacy server\n"
            + "    loop = asyncio.get_event_loop()\n"
            + "    await asyncio.sleep(1)  # anyscope: ignore[asyncio.sleep]\n"
            + "    # anyscope: ignore[asyncio.create_task] wrong name\n"
            + "    await asyncio.gather(job())\n";

    @TempDir
    static Path tmp;
    Path data;
    Path reports;
    String ruleOfCreateTask;

    @BeforeAll
    void scanAndReport() throws Exception {
        Path repo = tmp.resolve("svc");
        // The rule id of asyncio.create_task, as the catalog gives it, for the broken site's suppression.
        ruleOfCreateTask = Catalog.loadDefault().lookup("asyncio.create_task").orElseThrow().id();
        String b = "import anyio\n\n\nasync def main():\n"
                + "    anyio.create_task(job())  # anyscope: ignore[" + ruleOfCreateTask + "] tracked in PAY-12\n";
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-01-06T10:00:00Z", Map.of("svc/a.py", A, "svc/b.py", b));
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), repo + " svc payments\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "scope", "--data", data.toString(), "--out", reports.toString(),
                "--format", "md,csv");
    }

    @Test
    void suppressedSitesAreListedWithTheirReasonAndTheCheckRule() throws Exception {
        assertThat(ruleOfCreateTask).isNotBlank();
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT path, line, symbol, status, reason FROM rpt_suppressed").rows()).containsExactly(
                    List.of("svc/a.py", 5, "asyncio.create_task", "legacy", "shim until the worker moves"),
                    List.of("svc/a.py", 7, "asyncio.get_event_loop", "legacy", "loop owned by the legacy server"),
                    List.of("svc/a.py", 8, "asyncio.sleep", "legacy", "(no reason: suppresses nothing in check)"),
                    List.of("svc/b.py", 5, "anyio.create_task", "broken", "tracked in PAY-12"));
            assertThat(w.query("SELECT sites, files, without_reason FROM rpt_suppressed_summary").rows())
                    .containsExactly(List.of(4L, 2L, 1L));
        }
    }

    @Test
    void suppressedSitesStillCountAsWork() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            // a.py: import + create_task + get_event_loop + sleep + gather = 5 legacy; b.py: 1 broken
            assertThat(w.query("SELECT legacy_sites, broken_sites FROM rpt_scope_org").rows())
                    .containsExactly(List.of(5L, 1L));
        }
    }

    @Test
    void theScopeReportSaysHowManyAndListsThem() throws Exception {
        String md = Files.readString(reports.resolve("scope.md"));
        assertThat(md).contains("**Suppressed in code:** 4 legacy and broken sites in 2 files carry "
                + "`# anyscope: ignore[...]` (1 without a reason, which suppresses nothing)");
        assertThat(md).contains("## Suppressed in code").contains("shim until the worker moves")
                .contains("tracked in PAY-12");
        assertThat(Files.readString(reports.resolve("suppressed_sites.csv")))
                .contains("svc/a.py,7,12,asyncio.get_event_loop,legacy");
    }
}
