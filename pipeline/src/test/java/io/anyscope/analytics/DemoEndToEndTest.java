package io.anyscope.analytics;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.demo.DemoRepos;
import io.anyscope.git.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main command, as a new user runs it: {@code anyscope demo} creates the sample repositories, scans their
 * weekly history with the real pipeline, writes every report and runs every notebook. Then the SQL data tests run
 * against the demo data, the demo's story is checked in the marts, and the HTML renders in Chromium.
 */
class DemoEndToEndTest {
    @TempDir
    static Path tmp;

    @Test
    void demoWritesReportsNotebooksAndDataThatPassTheSqlTests() throws Exception {
        System.setProperty("anyscope.home", Path.of("..").toAbsolutePath().normalize().toString());
        Path out = tmp.resolve("demo");
        // The demo dates its history from "now": read back the start it used rather than asking the clock again, or
        // a run that straddles Monday 00:00 UTC would expect the regression a week off.
        LocalDate startBefore = DemoRepos.defaultStart(Clock.systemUTC());
        CommandRun demo = CommandRun.of("demo", "--out", out.toString(), "--no-progress");
        assertThat(demo.code()).as(demo.err()).isEqualTo(Main.OK);
        Path reports = out.resolve("reports");
        for (String r : List.of("scope", "hotspots", "progress")) {
            for (String ext : List.of("html", "md")) {
                assertThat(reports.resolve(r + "." + ext)).isNotEmptyFile();
            }
        }
        assertThat(reports.resolve("scope_repos.csv")).isNotEmptyFile();
        assertThat(reports.resolve("progress_org.json")).isNotEmptyFile();
        try (var s = Files.list(Path.of("..", "notebooks"))) {
            for (Path nb : s.filter(p -> p.toString().endsWith(".md")).toList()) {
                assertThat(reports.resolve("notebook-" + nb.getFileName().toString().replace(".md", ".html")))
                        .isNotEmptyFile();
            }
        }
        assertThat(demo.out()).contains(reports.resolve("progress.html").toString());
        // Catalog texts that already hold code spans are not wrapped in backticks again.
        assertThat(Files.readString(reports.resolve("scope.md"))).doesNotContain("``");
        assertThat(card(reports.resolve("scope.md"), "- **legacy sites ("))
                .isEqualTo(card(reports.resolve("progress.md"), "- **legacy sites ("));
        // legacy-gateway's archived copy of its removed session auth (W9) is a not-counted line in every report
        for (String r : List.of("scope.md", "hotspots.md", "progress.md")) {
            assertThat(Files.readString(reports.resolve(r))).as(r)
                    .contains("- archived: 2 legacy sites in 1 file (1 tracked file; not counted)");
        }

        assertThat(SqlDataTests.failing(out.resolve("data"))).as("SQL data tests on the demo data").isEmpty();
        try (Warehouse w = Warehouse.open(out.resolve("data"))) {

            // The regression of the payments service: a new create_task by Dave Kessler in week 6, attributed to his
            // commit although Tomás Ortega committed after him that week (the week's snapshot is Tomás's commit).
            LocalDate start = demoStart(out.resolve("repos").resolve(DemoRepos.REPOS_CSV));
            assertThat(start).as("the demo starts at the default start of the week it ran in")
                    .isIn(startBefore, DemoRepos.defaultStart(Clock.systemUTC()));

            String week = History.weekLabel(start.plusWeeks(DemoRepos.PAYMENTS_REGRESSION_WEEK));
            Table reg = w.query("SELECT week, author, attributed_by, snapshot_author, "
                    + "commit_id IN (SELECT commit_id FROM mart_changes WHERE repo = 'payments-service' "
                    + "AND path = 'src/payments/notifications.py' AND change = 'add') AS adds_the_file "
                    + "FROM mart_regressions WHERE repo = 'payments-service' "
                    + "AND symbol = 'asyncio.create_task' ORDER BY week");
            assertThat(reg.rows()).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3)
                    + " " + r.get(4)).containsExactly(week + " " + DemoRepos.PAYMENTS_REGRESSION_AUTHOR + " change "
                    + DemoRepos.PAYMENTS_REGRESSION_WEEK_LAST_AUTHOR + " true");
            assertThat(w.query("SELECT count(*) FROM mart_regressions WHERE attributed_by <> 'change'").rows())
                    .containsExactly(List.of(0L));
            // Three migration mistakes in the payments service: W3's consumer awaits tg.start_soon() (fixed by W5's
            // rewrite); W5 moves the tests to the AnyIO plugin while pyproject.toml keeps pytest-asyncio's
            // asyncio_mode = "auto" (fixed by W12's "Drop pytest-asyncio"); W12 swaps pytest-asyncio for pytest-anyio
            // (still there at head).
            assertThat(w.query("SELECT period, path, rule_id FROM mart_finding_regressions ORDER BY ALL").rows())
                    .containsExactly(
                            List.of(History.weekLabel(start.plusWeeks(3)), "src/payments/worker/consumer.py",
                                    "await-start-soon"),
                            List.of(History.weekLabel(start.plusWeeks(5)), "pyproject.toml",
                                    "asyncio-mode-auto-with-anyio-tests"),
                            List.of(History.weekLabel(start.plusWeeks(12)), "pyproject.toml",
                                    "pytest-anyio-dependency"));
            assertThat(w.query("SELECT repo, path, rule_id FROM mart_findings_head").rows())
                    .containsExactly(List.of("payments-service", "pyproject.toml", "pytest-anyio-dependency"));
            // the fixes: W5's consumer rewrite (Priya's, the week's last change of the file) drops the await; W12's
            // "Drop pytest-asyncio" (Priya's) drops asyncio_mode = "auto"
            assertThat(w.query("SELECT period, path, rule_id, author FROM mart_finding_fixes ORDER BY period").rows())
                    .containsExactly(List.of(History.weekLabel(start.plusWeeks(5)),
                            "src/payments/worker/consumer.py", "await-start-soon", "Priya Raman"),
                            List.of(History.weekLabel(start.plusWeeks(12)), "pyproject.toml",
                                    "asyncio-mode-auto-with-anyio-tests", "Priya Raman"));
            // the progress series: open, new and fixed per week: W3's await open W3..W4; W5 fixes it and opens
            // asyncio_mode = "auto", open W5..W11; W12 fixes that and opens pytest-anyio, open to the end
            List<List<Object>> series = new java.util.ArrayList<>();
            for (int n = 3; n <= 15; n++) {
                series.add(List.of(History.weekLabel(start.plusWeeks(n)), 1L, n == 3 || n == 5 || n == 12
                        ? 1L : 0L, n == 5 || n == 12 ? 1L : 0L));
            }
            assertThat(w.query("SELECT period, findings, new_findings, fixed_findings FROM rpt_progress_org "
                    + "WHERE findings + new_findings + fixed_findings > 0 ORDER BY period").rows())
                    .containsExactlyElementsOf(series);
            // hotspots: pyproject.toml ranks on its one warning (4, like a high-risk site) × its churn (2)
            assertThat(w.query("SELECT path, legacy_sites, findings, score FROM mart_hotspot_files WHERE findings > 0")
                    .rows()).containsExactly(List.of("pyproject.toml", 0L, 1L, 8.0));
            // legacy-gateway's last week only moves its tests (git mv tests tests/unit): five renames, and the week's
            // legacy sites, the same as the week before, are no regressions.
            String moveWeek = History.weekLabel(start.plusWeeks(DemoRepos.WEEKS - 1));
            assertThat(w.query("SELECT count(*) FILTER (WHERE change = 'rename' AND old_blob_id = new_blob_id), "
                    + "count(*) FROM mart_changes WHERE repo = 'legacy-gateway' AND strftime(commit_time, '%G-W%V') = '"
                    + moveWeek + "'").rows()).containsExactly(List.of(5L, 5L));
            assertThat(w.query("SELECT count(*) FROM mart_regressions WHERE repo = 'legacy-gateway' AND week = '"
                    + moveWeek + "'").rows()).containsExactly(List.of(0L));
            assertThat(w.query("SELECT count(*) > 0, count(*) FILTER (WHERE legacy_delta <> 0) FROM mart_file_deltas "
                    + "WHERE repo = 'legacy-gateway' AND week = '" + moveWeek + "' AND moved_by = 'rename'").rows())
                    .containsExactly(List.of(true, 0L));
            // trio.lowlevel is left as a blocker in trio-telemetry; legacy-gateway has not started.
            Table head = w.query("SELECT repo, count(*) FILTER (WHERE tier = 'blocker' AND symbol LIKE "
                    + "'trio.lowlevel%') AS lowlevel, count(*) FILTER (WHERE status = 'target') AS anyio "
                    + "FROM mart_usages_head GROUP BY repo ORDER BY repo");
            assertThat(head.rows()).extracting(r -> r.get(0) + " lowlevel>0=" + (((Number) r.get(1)).longValue() > 0)
                    + " anyio>0=" + (((Number) r.get(2)).longValue() > 0)).containsExactly(
                    "legacy-gateway lowlevel>0=false anyio>0=false",
                    "payments-service lowlevel>0=false anyio>0=true",
                    "trio-telemetry lowlevel>0=true anyio>0=true");
            // W15's bulk search-and-replace in the payments service: broken AnyIO names and unbound asyncio names,
            // each with the tier of the asyncio entry it came from.
            Table broken = w.query("SELECT path, line, kind, symbol, tier FROM mart_usages_head "
                    + "WHERE status = 'broken' ORDER BY path, line, col");
            assertThat(broken.rows()).extracting(r -> r.get(0) + ":" + r.get(1) + " " + r.get(2) + " " + r.get(3)
                    + " " + r.get(4)).containsExactly(
                    "src/payments/lifecycle.py:26 unbound asyncio.get_running_loop manual",
                    "src/payments/lifecycle.py:39 call anyio.shield structural",
                    "src/payments/lifecycle.py:40 unbound asyncio.CancelledError mechanical",
                    "src/payments/reconcile.py:35 call anyio.create_subprocess_exec manual",
                    "src/payments/reconcile.py:37 access anyio.subprocess.PIPE mechanical",
                    "src/payments/reconcile.py:38 access anyio.subprocess.PIPE mechanical");
            Table gateway = w.query("SELECT arg_min(legacy_sites, period_start), arg_max(legacy_sites, period_start) "
                    + "FROM mart_progress_repo_week WHERE repo = 'legacy-gateway'");
            assertThat(((Number) gateway.rows().get(0).get(1)).longValue())
                    .as("legacy-gateway keeps growing its asyncio usage")
                    .isGreaterThan(((Number) gateway.rows().get(0).get(0)).longValue());
            // One headline: the scope report's legacy sites at head are the progress series' newest week, with imports,
            // direct references, derived facts and broken sites split the same way (the demo's heads are its newest
            // weeks).
            String split = "legacy_sites, legacy_imports, legacy_refs, legacy_derived, anyio_refs, broken_sites, pct_migrated";
            Table scopeHead = w.query("SELECT " + split + " FROM rpt_scope_org");
            assertThat(((Number) scopeHead.get(0, "legacy_derived")).longValue()).as("derived facts in the demo")
                    .isGreaterThan(0);
            assertThat(scopeHead.rows()).isEqualTo(w.query("SELECT " + split
                    + " FROM rpt_progress_org ORDER BY period_start DESC LIMIT 1").rows());
            Table weeks = w.query("SELECT count(DISTINCT week) FROM mart_progress_org_week");
            assertThat(((Number) weeks.rows().get(0).get(0)).longValue()).isGreaterThanOrEqualTo(12);
        }

        Chromium chromium = Chromium.find(tmp, "DemoEndToEndTest");
        Chromium.assertRendered(chromium.dumpDom(reports.resolve("progress.html")), 3, "demo progress");
        Chromium.assertRendered(chromium.dumpDom(reports.resolve("scope.html")), 1, "demo scope");
        assertThat(card(reports.resolve("scope.md"), "**Introduced by the migration:**")).isEqualTo(
                "**Introduced by the migration:** 1 findings in 1 files (errors: 0), by rule: pytest-anyio-dependency 1.");
        assertThat(card(reports.resolve("progress.md"), "- **migration mistakes (new / fixed last week):**"))
                .endsWith(":** 1 (0 / 0)");
        assertThat(Files.readAllLines(reports.resolve("finding_fixes.csv"))).hasSize(3);
        assertThat(reports.resolve("rules.html")).isNotEmptyFile();
    }

    /** The line of a Markdown report that starts with {@code prefix} (a headline card). */
    private static String card(Path md, String prefix) throws Exception {
        List<String> lines = Files.readAllLines(md).stream().filter(l -> l.startsWith(prefix)).toList();
        assertThat(lines).as(prefix + " in " + md).hasSize(1);
        return lines.get(0);
    }

    /** The start Monday the demo wrote into its repository list's header ("... weeks starting 2026-07-27)"). */
    private static LocalDate demoStart(Path reposCsv) throws Exception {
        Matcher m = Pattern.compile("weeks starting (\\d{4}-\\d{2}-\\d{2})").matcher(Files.readString(reposCsv));
        assertThat(m.find()).as("start date in " + reposCsv).isTrue();
        return LocalDate.parse(m.group(1));
    }
}
