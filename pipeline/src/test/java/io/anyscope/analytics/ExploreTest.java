package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explore drill-down end to end: two real dated git repositories in two teams (one browsed on a local "forge"
 * through the repository list's browse= template, one a local working copy) scanned by the real pipeline and written
 * by {@code report all}; the explore page and a page per repository; a repository page lists a file's sites with
 * line, symbol, source line, AnyIO equivalent, tier, category and why; in headless Chromium a user goes from the
 * organisation page to a repository's page, narrows to a directory, then to a file, and follows a site's line link to
 * the forge, pinned to the head commit, at the line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExploreTest {
    /** create_task on line 6. */
    static final String JOBS = BrowseLinksEndToEndTest.SERVER;
    /** asyncio.sleep on line 5. */
    static final String HANDLERS = "import asyncio\n\n\nasync def handle():\n    await asyncio.sleep(1)\n";

    @TempDir
    static Path tmp;
    HttpServer server;
    final List<String> forgeRequests = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    Path data;
    Path reports;
    String ledgerHead;

    @BeforeAll
    void scanAndReport() throws Exception {
        server = BrowseLinksEndToEndTest.forge(forgeRequests, () -> reports);
        server.createContext("/log", ex -> {
            log.add(URLDecoder.decode(ex.getRequestURI().getRawQuery().replace("+", "%2B"), StandardCharsets.UTF_8));
            BrowseLinksEndToEndTest.send(ex, "text/plain", "ok");
        });
        server.createContext("/drive.html", ex -> BrowseLinksEndToEndTest.send(ex, "text/html", DRIVER));
        server.createContext("/drive-site.html", ex -> BrowseLinksEndToEndTest.send(ex, "text/html", SITE_DRIVER));
        server.start();
        int port = server.getAddress().getPort();

        Path ledger = tmp.resolve("ledger");
        try (GitFixture g = GitFixture.init(ledger)) {
            g.commit("main", "2026-01-05T10:00:00Z", Map.of("ledger/jobs.py", JOBS));
            ledgerHead = g.commit("main", "2026-02-02T11:00:00Z", Map.of("ledger/jobs.py", JOBS,
                    "ledger/api/handlers.py", HANDLERS)).name();
        }
        Path tools = tmp.resolve("tools");
        try (GitFixture g = GitFixture.init(tools)) {
            g.commit("main", "2026-02-02T12:00:00Z", Map.of("run.py", JOBS));
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"),
                ledger + " ledger payments browse=http://127.0.0.1:" + port + "/forge/{commit}/{path}#L{line}"
                        + " browse_commit=http://127.0.0.1:" + port + "/forge/commit/{commit}\n"
                        + tools + " tools platform\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "all", "--data", data.toString(), "--out", reports.toString(), "--format",
                "html,md,csv");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theExplorePageLinksEachRepositoryToAPageThatExists() throws Exception {
        String html = Files.readString(reports.resolve("explore.html"));
        JsonNode repos = tableData(html, "explore_repos");
        List<Map<String, String>> rows = rows(repos);
        assertThat(rows).extracting(r -> r.get("repo")).containsExactlyInAnyOrder("ledger", "tools");
        for (Map<String, String> r : rows) {
            assertThat(r.get("repo_url")).isEqualTo("explore/" + r.get("repo") + ".html");
            assertThat(reports.resolve(r.get("repo_url"))).isRegularFile();
        }
        assertThat(rows(tableData(html, "explore_teams"))).extracting(r -> r.get("team_url"))
                .containsExactlyInAnyOrder("#explore_repos:team=payments", "#explore_repos:team=platform");
        // the Markdown is a summary (org, teams, repositories) under GitHub's limit; the repository pages are HTML
        String md = Files.readString(reports.resolve("explore.md"));
        assertThat(md).contains("## Teams").contains("## Repositories").contains("| ledger |")
                .doesNotContain("explore/ledger.html)").hasSizeLessThan(Report.GITHUB_COMMENT_LIMIT);
        assertThat(reports.resolve("explore_repos.csv")).isRegularFile();
        assertThat(reports.resolve("explore")).isDirectoryContaining(p -> p.getFileName().toString().equals("tools.html"));
    }

    @Test
    void aRepositoryPageListsEachSiteWithWhatItBecomesAndWhy() throws Exception {
        String html = Files.readString(reports.resolve("explore/ledger.html"));
        assertThat(html).contains("<a href=\"../scope.html\">").contains("href=\"../explore.html\"")
                .contains("Explore: ledger");
        assertThat(rows(tableData(html, "explore_dirs"))).extracting(r -> r.get("dir"))
                .containsExactlyInAnyOrder("ledger", "ledger/api");
        Map<String, String> file = rows(tableData(html, "explore_files")).stream()
                .filter(r -> r.get("path").equals("ledger/jobs.py")).findFirst().orElseThrow();
        assertThat(file.get("dir")).isEqualTo("ledger");
        assertThat(file.get("path_url")).endsWith("/forge/" + ledgerHead + "/ledger/jobs.py#L1");
        assertThat(file.get("sites_url")).isEqualTo("#explore_sites:path=ledger%2Fjobs.py");

        List<Map<String, String>> sites = rows(tableData(html, "explore_sites")).stream()
                .filter(r -> r.get("path").equals("ledger/jobs.py")).toList();
        assertThat(Long.parseLong(file.get("sites"))).isEqualTo(sites.size());
        Map<String, String> create = sites.stream().filter(r -> r.get("symbol").equals("asyncio.create_task"))
                .findFirst().orElseThrow();
        String note;
        String category;
        try (Warehouse w = Warehouse.open(data)) {
            Table t = w.query("SELECT n.note, c.label, u.anyio_equivalent, u.tier FROM mart_usages_head u "
                    + "JOIN ref_catalog_notes n USING (rule_id) JOIN ref_categories c USING (category) "
                    + "WHERE u.repo = 'ledger' AND u.symbol = 'asyncio.create_task'");
            assertThat(t.size()).isEqualTo(1);
            note = PageFrame.userText((String) t.get(0, "note"));
            category = (String) t.get(0, "label");
            assertThat(create.get("anyio_equivalent")).isEqualTo(t.get(0, "anyio_equivalent"));
            assertThat(create.get("tier")).isEqualTo(t.get(0, "tier")).isEqualTo("structural");
        }
        assertThat(create.get("line")).isEqualTo("6");
        assertThat(create.get("source_line")).isEqualTo("asyncio.create_task(job())");
        assertThat(create.get("anyio_equivalent")).contains("start_soon");
        assertThat(create.get("why")).isEqualTo(note).contains("Fire-and-forget");
        assertThat(create.get("category")).isEqualTo(category);
        assertThat(create.get("status")).isEqualTo("legacy");
        assertThat(create.get("line_url")).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort()
                + "/forge/" + ledgerHead + "/ledger/jobs.py#L6");
        // the other repository's sites are on its own page only
        assertThat(html).doesNotContain("run.py");
        assertThat(Files.readString(reports.resolve("explore/tools.html"))).contains("run.py");
    }

    /**
     * The driver loads the organisation page in a frame, clicks the ledger repository's link, on its page clicks
     * the directory ledger/api, then that directory's file's site count, and records what each table shows and the
     * link of the asyncio.sleep site's line (to /log).
     */
    static final String DRIVER = """
            <!DOCTYPE html><html><body><iframe id="r" src="/reports/explore.html" style="width:1200px;height:900px"></iframe>
            <script>""" + BrowseLinksEndToEndTest.SITE_LINK_JS + """
            var seq = 0, box = tableAfter;
            function log(m) { fetch('/log?' + (seq++ < 10 ? '0' : '') + (seq - 1) + ' ' + encodeURIComponent(m)); }
            function link(b, text) { return Array.prototype.filter.call(b.querySelectorAll('tbody a'),
              function (a) { return a.textContent === text; })[0]; }
            var step = 0;
            document.getElementById('r').addEventListener('load', function () {
              var w = this.contentWindow, d = this.contentDocument;
              step++;
              log('page ' + step + ' ' + w.location.pathname + ' errors=' + (d.body.dataset.errors || ''));
              if (step === 1) {
                var a = link(box(d, 'explore_repos'), 'ledger');
                log('repo link ' + (a ? a.getAttribute('href') : 'none'));
                if (a) { a.click(); }
                return;
              }
              var dirs = box(d, 'explore_dirs'), files = box(d, 'explore_files'), sites = box(d, 'explore_sites');
              log('before files=' + files.dataset.rows + ' sites=' + sites.dataset.rows);
              link(dirs, 'ledger/api').click();
              setTimeout(function () {
                log('dir where=' + files.dataset.where + ' files=' + files.dataset.rows
                  + ' shown=' + files.querySelectorAll('tbody tr').length);
                files.querySelector('tbody tr').cells[columnIds(files).indexOf('sites')].querySelector('a').click();
                setTimeout(function () {
                  log('file where=' + sites.dataset.where + ' sites=' + sites.dataset.rows);
                  var sh = columnIds(sites), rows = sites.querySelectorAll('tbody tr'), a = null;
                  for (var i = 0; i < rows.length; i++) {
                    if (rows[i].cells[sh.indexOf('symbol')].textContent === 'asyncio.sleep') {
                      a = rows[i].cells[sh.indexOf('line')].querySelector('a');
                    }
                  }
                  log('site link ' + (a ? a.getAttribute('href') : 'none'));
                }, 100);
              }, 100);
            });
            </script></body></html>
            """;

    /**
     * The second driver loads a repository page narrowed to a file by its address (a filter link) in a frame and
     * clicks the asyncio.sleep site's line link in the top window: Chromium follows it to the forge.
     */
    static final String SITE_DRIVER = """
            <!DOCTYPE html><html><body>
            <iframe id="r" src="/reports/explore/ledger.html#explore_sites:path=ledger%2Fapi%2Fhandlers.py"
              style="width:1200px;height:900px"></iframe>
            <script>""" + BrowseLinksEndToEndTest.SITE_LINK_JS + """
            document.getElementById('r').addEventListener('load', function () {
              followSiteLine(tableAfter(this.contentDocument, 'explore_sites'), ['asyncio.sleep']);
            });
            </script></body></html>
            """;

    @Test
    void chromiumDrillsFromTheOrganisationToASiteLineAtTheHeadCommit() throws Exception {
        Chromium chromium = Chromium.find(tmp, "ExploreTest");
        Chromium.assertRendered(chromium.dumpDom(reports.resolve("explore.html")), 0, "explore");
        Chromium.assertRendered(chromium.dumpDom(reports.resolve("explore/ledger.html")), 0, "explore/ledger");
        int port = server.getAddress().getPort();
        chromium.dumpUrl("http://127.0.0.1:" + port + "/drive.html", 5000, tmp.resolve("chromium-drive.log"));
        List<String> logged = log.stream().sorted().map(l -> l.substring(3)).toList();
        assertThat(logged).as(String.join("\n", logged)).containsExactly(
                "page 1 /reports/explore.html errors=",
                "repo link explore/ledger.html",
                "page 2 /reports/explore/ledger.html errors=",
                "before files=2 sites=6",
                "dir where=dir=ledger/api files=1 shown=1",
                "file where=path=ledger/api/handlers.py sites=2",
                "site link http://127.0.0.1:" + port + "/forge/" + ledgerHead + "/ledger/api/handlers.py#L5");

        String dom = chromium.dumpUrl("http://127.0.0.1:" + port + "/drive-site.html", 5000,
                tmp.resolve("chromium-drive-site.log"));
        Matcher m = Pattern.compile("LANDED ([^<]*)").matcher(dom);
        assertThat(m.find()).as("the browser landed on the forge: " + dom).isTrue();
        assertThat(m.group(1)).isEqualTo("/forge/" + ledgerHead + "/ledger/api/handlers.py#L5");
        assertThat(forgeRequests).contains("/forge/" + ledgerHead + "/ledger/api/handlers.py");
    }

    @Test
    void aFilterLinkFromAnotherPageNarrowsTheTableOnArrival() throws Exception {
        Chromium chromium = Chromium.find(tmp, "ExploreTest");
        String dom = chromium.dumpUrl("http://127.0.0.1:" + server.getAddress().getPort()
                + "/reports/explore.html#explore_repos:team=platform", 3000, tmp.resolve("chromium-hash.log"));
        Chromium.assertRendered(dom, 0, "explore#team");
        Matcher m = Pattern.compile("data-where=\"team=platform\"[^>]*data-rows=\"(\\d+)\"|data-rows=\"(\\d+)\"[^>]*"
                + "data-where=\"team=platform\"").matcher(dom);
        assertThat(m.find()).as(dom).isTrue();
        assertThat(m.group(1) != null ? m.group(1) : m.group(2)).isEqualTo("1");
        assertThat(dom).contains("<b>platform</b> <button type=\"button\">Show all</button>");
    }

    /** The JSON rows of data table {@code name} of a page, dictionary-coded columns decoded. */
    static JsonNode tableData(String html, String name) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" class=\"dt-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        while (m.find()) {
            JsonNode d = new ObjectMapper().readTree(m.group(1));
            if (d.get("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no table " + name);
    }

    static List<Map<String, String>> rows(JsonNode d) {
        List<Map<String, String>> out = new ArrayList<>();
        JsonNode cols = d.get("cols");
        for (JsonNode r : d.get("rows")) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                JsonNode v = r.get(i);
                JsonNode dict = cols.get(i).get("dict");
                row.put(cols.get(i).get("id").asText(), v.isNull() ? null
                        : dict != null ? dict.get(v.asInt()).asText() : v.asText());
            }
            out.add(row);
        }
        return out;
    }
}
