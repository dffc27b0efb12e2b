package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
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
    static String chromium;

    @BeforeAll
    static void findChromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    chromium = Path.of(dir, c).toString();
                    return;
                }
            }
        }
        if (System.getenv("CI") != null) {
            fail("Chromium is not installed (apt-get install -y chromium): the HTML render check cannot run in CI");
        }
        System.err.println("!!!!! ReportHtmlRenderTest SKIPPED: chromium not found on PATH "
                + "(apt-get install -y chromium). The HTML reports were NOT render-checked. !!!!!");
        Assumptions.assumeTrue(false, "chromium not installed");
    }

    static List<String> flags(Path profile) {
        return new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    }

    static String chromium(List<String> cmd, Path log) throws Exception {
        // stdout to a file, not read from a pipe: reading the pipe to its end would wait for a hung Chromium forever,
        // before the time limit below is even looked at
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + cmd + "\n"
                    + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        }
        return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    }

    static String dumpDom(Path html) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "profile");
        List<String> cmd = flags(profile);
        cmd.add("--virtual-time-budget=2000");
        cmd.add("--dump-dom");
        cmd.add(html.toUri().toString());
        return chromium(cmd, tmp.resolve("chromium.log"));
    }

    static void assertRendered(String dom, int minSvgs, String name) {
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertThat(body.find()).as(name + ": body in dumped DOM").isTrue();
        String attrs = body.group(1);
        assertThat(attrs).as(name + ": script errors").doesNotContain("data-errors");
        assertThat(attrs).as(name + ": inline script ran to its end").contains("data-ready=\"1\"");
        Matcher charts = Pattern.compile("data-charts=\"(\\d+)\"").matcher(attrs);
        assertThat(charts.find()).isTrue();
        assertThat(Integer.parseInt(charts.group(1))).as(name + ": SVG charts in the rendered DOM").isGreaterThanOrEqualTo(minSvgs);
        assertThat(dom).contains("<svg").contains("</table>");
    }

    @Test
    void reportsRenderWithChartsAndNoScriptError() throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"));
        Path out = tmp.resolve("out");
        CommandRun r = CommandRun.of("report", "--data", data.toString(), "--out", out.toString(), "--format", "html");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        assertRendered(dumpDom(out.resolve("scope.html")), 1, "scope");
        assertRendered(dumpDom(out.resolve("hotspots.html")), 1, "hotspots");
        assertRendered(dumpDom(out.resolve("progress.html")), 3, "progress");

        // a screenshot to look at by hand (kept under target/ when ANYSCOPE_SCREENSHOTS names a directory)
        String keep = System.getenv("ANYSCOPE_SCREENSHOTS");
        Path shot = (keep != null ? Path.of(keep) : tmp).resolve("progress.png");
        Files.createDirectories(shot.getParent());
        List<String> cmd = flags(Files.createTempDirectory(tmp, "profile"));
        cmd.add("--window-size=1280,2200");
        cmd.add("--screenshot=" + shot.toAbsolutePath());
        cmd.add(out.resolve("progress.html").toUri().toString());
        chromium(cmd, tmp.resolve("shot.log"));
        assertThat(shot).isRegularFile();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @Test
    void aBrokenScriptIsReported() throws Exception {
        // proves the check can fail: a page whose script throws before the end is not marked ready
        Path bad = tmp.resolve("bad.html");
        Files.writeString(bad, HtmlPage.page("bad", "<svg></svg><table></table><script>null.x();</script>")
                .replace("body.dataset.ready='1';", "null.boom();body.dataset.ready='1';"));
        String dom = dumpDom(bad);
        assertThat(dom).contains("data-errors");
        assertThat(dom).doesNotContain("data-ready=\"1\"");
    }
}
