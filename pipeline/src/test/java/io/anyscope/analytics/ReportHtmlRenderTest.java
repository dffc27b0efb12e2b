package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML reports and a notebook page in headless Chromium (no network, fresh profile) and checks the
 * rendered DOM: the inline script ran to its end (body[data-ready=1]), recorded no error, and the SVG charts are
 * there. Without Chromium: fails when CI is set, otherwise skips loudly.
 */
class ReportHtmlRenderTest {
    @TempDir
    static Path tmp;
    static Chromium chromium;

    @BeforeAll
    static void findChromium() {
        chromium = Chromium.find(tmp, "ReportHtmlRenderTest");
    }

    @Test
    void reportsRenderWithChartsAndNoScriptError() throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"));
        Path out = tmp.resolve("out");
        CommandRun r = CommandRun.of("report", "--data", data.toString(), "--out", out.toString(), "--format", "html");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        Chromium.assertRendered(chromium.dumpDom(out.resolve("scope.html")), 1, "scope");
        Chromium.assertRendered(chromium.dumpDom(out.resolve("hotspots.html")), 1, "hotspots");
        Chromium.assertRendered(chromium.dumpDom(out.resolve("progress.html")), 3, "progress");

        // a screenshot to look at by hand (kept under target/ when ANYSCOPE_SCREENSHOTS names a directory)
        String keep = System.getenv("ANYSCOPE_SCREENSHOTS");
        Path shot = (keep != null ? Path.of(keep) : tmp).resolve("progress.png");
        Files.createDirectories(shot.getParent());
        List<String> cmd = chromium.flags(chromium.profile());
        cmd.add("--window-size=1280,2200");
        cmd.add("--screenshot=" + shot.toAbsolutePath());
        cmd.add(out.resolve("progress.html").toUri().toString());
        chromium.run(cmd, tmp.resolve("shot.log"));
        assertThat(shot).isRegularFile();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    /** The data dictionary page of `report all` renders, lists tables, views, grains and columns; each page links it. */
    @Test
    void theDataDictionaryRendersAndEveryReportLinksToIt() throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA-dictionary"));
        Path out = tmp.resolve("out-dictionary");
        CommandRun r = CommandRun.of("report", "all", "--data", data.toString(), "--out", out.toString(), "--format",
                "html,md,csv");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        String dom = chromium.dumpDom(out.resolve("dictionary.html"));
        assertThat(dom).doesNotContain("data-errors").contains("data-ready=\"1\"").contains("Data dictionary")
                .contains("table usages").contains("Fully qualified symbol, e.g. asyncio.gather")
                .contains("view mart_velocity").contains("one row per repository plus one")
                .contains(">projected_completion<").contains(">DATE<")
                .contains("Date the legacy count reaches zero at the window").contains("table ref_categories");
        for (String page : List.of("scope", "hotspots", "progress")) {
            assertThat(chromium.dumpDom(out.resolve(page + ".html"))).as(page)
                    .contains("<a href=\"dictionary.html\">Data dictionary</a>")
                    .contains("Data as of 2026-02-12 16:50 UTC (newest snapshot, 2026-W07)");
            assertThat(Files.readString(out.resolve(page + ".md"))).as(page).contains("[Data dictionary](dictionary.md)");
        }
        assertThat(Files.readString(out.resolve("dictionary.md"))).contains("## view mart_velocity")
                .contains("**Grain:** one row per repository plus one 'org' row. **Key:** `level`, `name`.")
                .contains("| repo_id | VARCHAR | Stable repository id");
        assertThat(Files.readString(out.resolve("dictionary.csv"))).contains("view,rpt_velocity,");
    }

    @Test
    void aBrokenScriptIsReported() throws Exception {
        // proves the check can fail: a page whose script throws before the end is not marked ready
        Path bad = tmp.resolve("bad.html");
        Files.writeString(bad, HtmlPage.page("bad", "<svg></svg><table></table><script>null.x();</script>")
                .replace("body.dataset.ready='1';", "null.boom();body.dataset.ready='1';"));
        String dom = chromium.dumpDom(bad);
        assertThat(dom).contains("data-errors");
        assertThat(dom).doesNotContain("data-ready=\"1\"");
    }
}
