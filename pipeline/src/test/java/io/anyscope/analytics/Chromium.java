package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

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

/**
 * Headless Chromium (no network, fresh profile per run) for the tests that check rendered HTML, and the check of a
 * rendered page: the inline script ran to its end (body[data-ready=1]), recorded no error, and the SVG charts are
 * there (SVG in notebooks, Chart.js canvases in the reports: body[data-charts] counts those drawn). Without Chromium: fails when CI is set, otherwise skips loudly.
 */
final class Chromium {
    private final String executable;
    private final Path tmp;

    private Chromium(String executable, Path tmp) {
        this.executable = executable;
        this.tmp = tmp;
    }

    /** Chromium from PATH, writing its profiles and output under {@code tmp}; {@code test} names the caller. */
    static Chromium find(Path tmp, String test) {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    return new Chromium(Path.of(dir, c).toString(), tmp);
                }
            }
        }
        if (System.getenv("CI") != null) {
            fail("Chromium is not installed (apt-get install -y chromium): the HTML render check cannot run in CI");
        }
        System.err.println("!!!!! " + test + " SKIPPED: chromium not found on PATH "
                + "(apt-get install -y chromium). The HTML reports were NOT render-checked. !!!!!");
        Assumptions.assumeTrue(false, "chromium not installed");
        throw new IllegalStateException("unreachable");
    }

    List<String> flags(Path profile) {
        return new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    }

    /** A fresh profile directory. */
    Path profile() throws Exception {
        return Files.createTempDirectory(tmp, "profile");
    }

    String run(List<String> cmd, Path log) throws Exception {
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

    /** The DOM of {@code url} (a page of a local test server) after {@code budgetMs} of virtual time, in a fresh profile. */
    String dumpUrl(String url, int budgetMs, Path log) throws Exception {
        List<String> cmd = flags(profile());
        cmd.add("--virtual-time-budget=" + budgetMs);
        cmd.add("--dump-dom");
        cmd.add(url);
        return run(cmd, log);
    }

    String dumpDom(Path html) throws Exception {
        List<String> cmd = flags(profile());
        cmd.add("--virtual-time-budget=2000");
        cmd.add("--dump-dom");
        cmd.add(html.toUri().toString());
        return run(cmd, tmp.resolve("chromium.log"));
    }

    static void assertRendered(String dom, int minSvgs, String name) {
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertThat(body.find()).as(name + ": body in dumped DOM").isTrue();
        String attrs = body.group(1);
        assertThat(attrs).as(name + ": script errors").doesNotContain("data-errors");
        assertThat(attrs).as(name + ": inline script ran to its end").contains("data-ready=\"1\"");
        Matcher charts = Pattern.compile("data-charts=\"(\\d+)\"").matcher(attrs);
        assertThat(charts.find()).isTrue();
        assertThat(Integer.parseInt(charts.group(1))).as(name + ": charts drawn (SVG, or Chart.js canvases)")
                .isGreaterThanOrEqualTo(minSvgs);
        assertThat(dom).contains("</table>");
    }
}
