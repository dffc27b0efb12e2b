package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browse links end to end: three real git repositories (one with a GitHub ssh remote, one with the repository list's
 * own browse= template pointing at a local "forge", one local working copy without a remote) scanned by the real
 * pipeline; the links read back through DuckDB; the hotspots report rendered in headless Chromium, where the link of
 * a hotspot site is followed (clicked) and lands on the forge at the file's path, pinned to the commit, at the line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowseLinksEndToEndTest {
    /** create_task is on line 6 of each file. */
    static final String SERVER = "import asyncio\n\n\nasync def handler(job):\n    loop = asyncio.get_running_loop()\n"
            + "    asyncio.create_task(job())\n    await asyncio.sleep(1)\n";

    /** The forge's landing page: writes where the browser landed (path and fragment) into its DOM. */
    static final String LANDING = "<!DOCTYPE html><html><body><pre id=\"landed\"></pre><script>document.getElementById"
            + "('landed').textContent='LANDED '+location.pathname+location.search+location.hash;</script></body></html>";

    @TempDir
    static Path tmp;
    HttpServer server;
    final List<String> forgeRequests = new CopyOnWriteArrayList<>();
    Path data;
    Path reports;
    String githubHead;
    String forgeHead;
    Path localRepo;

    @BeforeAll
    void scanAndReport() throws Exception {
        server = forge(forgeRequests, () -> reports);
        server.createContext("/drive.html", ex -> send(ex, "text/html", DRIVER));
        server.start();
        int port = server.getAddress().getPort();

        Path gh = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(gh)) {
            githubHead = g.commit("main", "2026-02-02T10:00:00Z", Map.of("svc/api server.py", SERVER)).name();
            StoredConfig c = g.repo.getConfig();
            c.setString("remote", "origin", "url", "git@github.com:acme/svc.git");
            c.save();
        }
        Path forge = tmp.resolve("ledger");
        try (GitFixture g = GitFixture.init(forge)) {
            forgeHead = g.commit("main", "2026-02-02T11:00:00Z", Map.of("ledger/jobs.py", SERVER)).name();
        }
        localRepo = tmp.resolve("tools");
        try (GitFixture g = GitFixture.init(localRepo)) {
            g.commit("main", "2026-02-02T12:00:00Z", Map.of("run.py", SERVER));
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), gh + " svc payments\n"
                + forge + " ledger payments browse=http://127.0.0.1:" + port + "/forge/{commit}/{path}#L{line}"
                + " browse_commit=http://127.0.0.1:" + port + "/forge/commit/{commit}\n"
                + localRepo + " tools platform\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "hotspots", "--data", data.toString(), "--out", reports.toString(),
                "--format", "html,md,csv");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * A local server (not started) with a "forge" at /forge/ (its landing page {@link #LANDING}; each request's path
     * goes to {@code requests}) and the report files of {@code reports} at /reports/.
     */
    static HttpServer forge(List<String> requests, java.util.function.Supplier<Path> reports) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/forge/", ex -> {
            requests.add(ex.getRequestURI().getRawPath());
            send(ex, "text/html", LANDING);
        });
        server.createContext("/reports/", ex -> {
            Path f = reports.get().resolve(ex.getRequestURI().getPath().substring("/reports/".length()));
            send(ex, "text/html; charset=utf-8", Files.readString(f));
        });
        return server;
    }

    static void send(HttpExchange ex, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void eachRepositoryRecordsItsTemplatesAndTheSqlFillsThemIn() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            Table t = w.query("SELECT repo, remote, browse_url, browse_commit_url, head_url FROM mart_repo_browse ORDER BY repo");
            assertThat(t.rows()).extracting(r -> r.get(0)).containsExactly("ledger", "svc", "tools");
            assertThat(t.get(0, "remote")).isNull();
            assertThat((String) t.get(0, "browse_url")).endsWith("/forge/{commit}/{path}#L{line}");
            assertThat((String) t.get(0, "head_url")).endsWith("/forge/commit/" + forgeHead);
            assertThat(t.get(1, "remote")).isEqualTo("git@github.com:acme/svc.git");
            assertThat(t.get(1, "browse_url")).isEqualTo("https://github.com/acme/svc/blob/{commit}/{path}#L{line}");
            assertThat(t.get(1, "head_url")).isEqualTo("https://github.com/acme/svc/commit/" + githubHead);
            assertThat(t.get(2, "remote")).isNull();
            assertThat(t.get(2, "browse_url")).isEqualTo(localRepo.toUri() + "{path}");
            assertThat(t.get(2, "browse_commit_url")).isNull();

            Table sites = w.query("SELECT repo, path, line, symbol, site_url, commit_url FROM mart_hotspot_site_links "
                    + "WHERE symbol = 'asyncio.create_task' ORDER BY repo");
            assertThat(sites.rows()).extracting(r -> r.get(4)).containsExactly(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/forge/" + forgeHead + "/ledger/jobs.py#L6",
                    "https://github.com/acme/svc/blob/" + githubHead + "/svc/api%20server.py#L6",
                    localRepo.toUri() + "run.py");
            assertThat(sites.get(1, "commit_url")).isEqualTo("https://github.com/acme/svc/commit/" + githubHead);
        }
    }

    @Test
    void markdownAndCsvCarryTheLinks() throws Exception {
        String md = Files.readString(reports.resolve("hotspots.md"));
        assertThat(md).contains("[6](<https://github.com/acme/svc/blob/" + githubHead + "/svc/api%20server.py#L6>)");
        List<String> csv = Files.readAllLines(reports.resolve("hotspot_sites.csv"));
        assertThat(csv.get(0)).endsWith(",path_url,line_url");
    }

    /**
     * Script for the drivers of the link tests: the column ids of a data table (a header shows the column's label, its
     * tooltip starts with the column id), the table after a heading, and the link of the line cell of the first row
     * whose cells include each of {@code texts}, followed in the top window.
     */
    static final String SITE_LINK_JS = """
            function columnIds(t) { return Array.prototype.map.call(t.querySelectorAll('thead th'), function (x) {
              return (x.getAttribute('title') || '').split(' ')[0]; }); }
            function tableAfter(d, id) { var t = d.getElementById(id).nextElementSibling;
              while (t && !t.querySelector('table')) { t = t.nextElementSibling; } return t; }
            function followSiteLine(t, texts) {
              var line = columnIds(t).indexOf('line'), rows = t.querySelectorAll('tbody tr'), a = null;
              for (var i = 0; i < rows.length && !a; i++) {
                var c = rows[i].cells, txt = Array.prototype.map.call(c, function (x) { return x.textContent; });
                if (texts.every(function (s) { return txt.indexOf(s) >= 0; })) { a = c[line].querySelector('a'); }
              }
              document.title = a ? 'found' : 'no link';
              if (a) { a.target = '_top'; a.click(); }
            }
            """;

    /**
     * The driver page loads the report in a frame, finds the hotspot site row of ledger's create_task and clicks the
     * link of its line cell (in the top window): Chromium follows it to the forge.
     */
    static final String DRIVER = """
            <!DOCTYPE html><html><body><iframe id="r" src="/reports/hotspots.html" style="width:1200px;height:900px"></iframe>
            <script>""" + SITE_LINK_JS + """
            document.getElementById('r').addEventListener('load', function () {
              followSiteLine(tableAfter(this.contentDocument, 'hotspot_sites'), ['ledger', 'asyncio.create_task']);
            });
            </script></body></html>
            """;

    @Test
    void chromiumFollowsTheHotspotSiteLinkToTheLineAtTheCommit() throws Exception {
        Chromium chromium = Chromium.find(tmp, "BrowseLinksEndToEndTest");
        Chromium.assertRendered(chromium.dumpDom(reports.resolve("hotspots.html")), 1, "hotspots");
        String dom = chromium.dumpUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/drive.html", 5000,
                tmp.resolve("chromium-drive.log"));
        Matcher m = Pattern.compile("LANDED ([^<]*)").matcher(dom);
        assertThat(m.find()).as("the browser landed on the forge: " + dom).isTrue();
        assertThat(m.group(1)).isEqualTo("/forge/" + forgeHead + "/ledger/jobs.py#L6");
        assertThat(forgeRequests).contains("/forge/" + forgeHead + "/ledger/jobs.py");
    }
}
