package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.bench.OrgDataSet;
import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTML report of a generated 200-repository organisation with 150 weeks of history (OrgDataSet), rendered in
 * headless Chromium: no script error, the charts drawn, the tables paged, sorted and filtered by the page's script,
 * each page under 3 MB, self-contained, with navigation, the "as of" line and the glossary.
 */
class ReportsAtScaleTest {
    static final long MAX_PAGE_BYTES = 3_000_000;
    /**
     * Charts each page draws at least (the progress page: organisation, per repository, picker, % migrated; the explore
     * page, the rules page, the checklist and the data dictionary: none, tables only). Every page of Reports.PAGES has an entry.
     */
    static final Map<String, Integer> MIN_CHARTS = Map.of("scope", 1, "explore", 0, "hotspots", 1, "progress", 4,
            "checklist", 0, "rules", 0,
            "dictionary", 0);

    /** Run after the page's own script: drives the largest table as a user would and records what happened. */
    static final String DRIVER = """
            <script>(function(){var b=document.body;try{
              var boxes=[].slice.call(document.querySelectorAll('.dt'));
              boxes.sort(function(x,y){return (+y.dataset.rows)-(+x.dataset.rows);});
              var big=boxes[0];b.dataset.bigRows=big.dataset.rows;
              b.dataset.pageRows=String(big.querySelectorAll('tbody tr').length);
              big.querySelector('.dt-next').click();b.dataset.page2=big.dataset.page;
              b.dataset.page2First=big.querySelector('tbody tr').textContent;
              var th=big.querySelectorAll('th'),t0=performance.now();
              th[th.length-1].click();th[th.length-1].click();
              b.dataset.sortMs=String(Math.round(performance.now()-t0));b.dataset.sortedPage=big.dataset.page;
              var cell=big.querySelector('tbody tr td').getAttribute('title')||big.querySelector('tbody tr td').textContent;
              var input=big.querySelector('input');input.value=cell;input.dispatchEvent(new Event('input'));
              b.dataset.filtered=big.dataset.rows;
              b.dataset.canvases=String(document.querySelectorAll('canvas[data-drawn="1"]').length);
              var hb=[].slice.call(document.querySelectorAll('canvas[data-bars]'));b.dataset.barCharts=String(hb.length);
              b.dataset.barsUnlabelled=String(hb.filter(function(c){return c.dataset.barLabels!==c.dataset.bars;}).length);
              b.dataset.driven='1';
            }catch(e){b.dataset.driverError=String(e);}})();</script>
            """;

    @TempDir
    static Path tmp;

    @Test
    void everyReportOfA200RepositoryOrganisationRendersFastSmallAndReadable() throws Exception {
        Chromium chromium = Chromium.find(tmp, "ReportsAtScaleTest");
        OrgDataSet.Summary set = OrgDataSet.write(tmp.resolve("DATA"), new OrgDataSet.Options(200, 150, 42));
        // the set is valid data: no usage fact listed twice (its migrations once added anyio's import twice, 44 facts)
        try (Warehouse w = Warehouse.open(set.data())) {
            assertThat(w.query("SELECT (SELECT count(*) FROM stg_usages) - (SELECT count(*) FROM (SELECT DISTINCT * "
                    + "FROM stg_usages)) AS repeated").get(0, "repeated")).isEqualTo(0L);
        }
        Path out = tmp.resolve("reports");
        CommandRun r = CommandRun.of("report", "all", "--data", set.data().toString(), "--out", out.toString(),
                "--format", "html");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        Map<String, String> figures = new LinkedHashMap<>();
        // the explore page's repositories each have a page of their own (directories, files, sites): every one is
        // small and self-contained; the largest is driven in Chromium like the report pages below
        List<Path> repoPages;
        try (var s = Files.list(out.resolve(Explore.DIR))) {
            repoPages = s.sorted().toList();
        }
        assertThat(repoPages).as("a page per repository").hasSize(200);
        Path largest = repoPages.get(0);
        for (Path p : repoPages) {
            selfContained(p, "../");
            largest = Files.size(p) > Files.size(largest) ? p : largest;
        }
        long total = 0;
        for (Path p : repoPages) {
            total += Files.size(p);
        }
        figures.put("explore/*", repoPages.size() + " pages, " + total + " bytes in all");
        List<String> names = new java.util.ArrayList<>(Reports.NAMES);
        String largestName = "explore/" + largest.getFileName().toString().replace(".html", "");
        names.add(largestName);
        for (String name : names) {
            Path page = out.resolve(name + ".html");
            String html = selfContained(page, name.equals(largestName) ? "../" : "");
            assertThat(html).as(name + ": as of").contains("scan run " + set.runId());

            Path driven = tmp.resolve("driven-" + name.replace('/', '-') + ".html");
            Files.writeString(driven, html.replace("</body>", DRIVER + "</body>"));
            String dom = chromium.dumpDom(driven);
            int minCharts = MIN_CHARTS.getOrDefault(name, 0);
            Chromium.assertRendered(dom, minCharts, name);
            Map<String, String> b = bodyData(dom);
            assertThat(b).as(name + ": driver").containsEntry("driven", "1").doesNotContainKey("driver-error");
            assertThat(Integer.parseInt(b.get("canvases"))).as(name + ": canvases drawn")
                    .isGreaterThanOrEqualTo(minCharts);
            // every bar of a horizontal bar chart (top files, repositories, symbols) has its label on the axis: the
            // hotspots chart's 15 bars once showed every other one
            assertThat(b.get("bars-unlabelled")).as(name + ": horizontal bar charts with a bar left unlabelled")
                    .isEqualTo("0");
            if (name.equals("hotspots")) {
                assertThat(Integer.parseInt(b.get("bar-charts"))).as(name + ": horizontal bar charts").isPositive();
            }
            int rows = Integer.parseInt(b.get("big-rows"));
            assertThat(Integer.parseInt(b.get("page-rows"))).as(name + ": one page of rows").isEqualTo(Math.min(50, rows));
            if (rows > 50) {
                assertThat(b.get("page2")).as(name + ": next page").isEqualTo("2");
                assertThat(b.get("sorted-page")).as(name + ": sorting goes back to the first page").isEqualTo("1");
            }
            assertThat(Integer.parseInt(b.get("filtered"))).as(name + ": filter").isBetween(1, rows);
            figures.put(name, Files.size(page) + " bytes, largest table " + rows + " rows, two sorts "
                    + b.get("sort-ms") + " ms");
        }
        // the progress page's largest table is the burn-down per repository: 10,000 of its rows are embedded
        assertThat(Files.readString(out.resolve("progress.html"))).contains("This page holds the first 10000 of");
        System.out.println("ReportsAtScaleTest figures: " + figures);
    }

    /**
     * A page's text after the checks every page passes: under 3 MB, self-contained (nothing loaded from elsewhere:
     * scripts, images, style sheets, imports; hyperlinks a reader may follow, such as the rules' references to the
     * AnyIO docs, are no part of the page's loading), no internal references, the navigation to every report
     * ({@code up}: "../" for a page below the reports), the "as of" line and the glossary.
     */
    private static String selfContained(Path page, String up) throws Exception {
        String name = page.getFileName().toString();
        String html = Files.readString(page);
        assertThat(Files.size(page)).as(name + " size").isLessThan(MAX_PAGE_BYTES);
        assertThat(html).as(name + ": self-contained").doesNotContainPattern("src=\"(https?:)?//")
                .doesNotContainPattern("<link[^>]*href=\"(https?:)?//").doesNotContain("@import")
                .doesNotContainPattern("url\\((['\"])?(https?:)?//");
        assertThat(html).as(name + ": no internal references").doesNotContainPattern("[Ss]eeds? \\d{3}");
        for (String other : Reports.NAMES) {
            assertThat(html).as(name + ": navigation").contains("href=\"" + up + other + ".html\"");
        }
        assertThat(html).as(name + ": as of, once").contains("Data as of ").doesNotContain(" | data generation ");
        assertThat(html).as(name + ": glossary").contains("Effort tiers and effort weights").contains("Risk weights");
        return html;
    }

    private static Map<String, String> bodyData(String dom) {
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertThat(body.find()).isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        Matcher a = Pattern.compile("data-([a-z0-9-]+)=\"([^\"]*)\"").matcher(body.group(1));
        while (a.find()) {
            out.put(a.group(1), a.group(2));
        }
        return out;
    }

    @Test
    void noPageOfTheReportListIsLeftOutOfTheNavigation() {
        assertThat(Reports.NAMES).containsExactlyElementsOf(Reports.PAGES.stream().map(Reports.Page::name).toList());
        assertThat(List.copyOf(Reports.NAMES)).doesNotHaveDuplicates();
        assertThat(MIN_CHARTS.keySet()).as("every page is checked at scale").containsExactlyInAnyOrderElementsOf(
                Reports.NAMES);
    }
}
