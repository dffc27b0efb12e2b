package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.catalog.MistakeRule;
import io.anyscope.catalog.MistakeRules;
import io.anyscope.catalog.RuleExamples;
import io.anyscope.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Rules page of {@code report all}: every rule of the shipped rules file, with its data and at least one
 * example it finds, read from the shipped fixtures; linked from every report's navigation; rendered in headless
 * Chromium (no script error, one heading per rule, the examples there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesPageTest {
    @TempDir
    static Path tmp;
    Path out;
    List<MistakeRule> rules;

    @BeforeAll
    void report() throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"));
        out = tmp.resolve("out");
        CommandRun.ok("report", "all", "--data", data.toString(), "--out", out.toString(), "--format", "html,md,csv");
        rules = MistakeRules.loadDefault().rules();
        assertThat(rules).isNotEmpty();
    }

    /** The Markdown of one rule's section: from its heading to the next one. */
    private String section(String md, String id) {
        int at = md.indexOf("\n## " + id + "\n");
        assertThat(at).as("section of " + id).isNotNegative();
        int next = md.indexOf("\n## ", at + 4);
        return md.substring(at, next < 0 ? md.length() : next);
    }

    @Test
    void everyRuleIsDocumentedWithItsDataAndAFoundExample() throws Exception {
        String md = Files.readString(out.resolve("rules.md"));
        assertThat(md).contains("- **rules:** " + rules.size());
        for (MistakeRule r : rules) {
            String s = section(md, r.id());
            assertThat(s).as(r.id()).contains("**Severity:** " + r.severity()).contains(r.fix())
                    .contains(r.anyio().isEmpty() ? "**AnyIO versions:** any" : "`" + r.anyio() + "`");
            if (!r.message().contains("{symbol}")) {
                assertThat(s).as(r.id()).contains(r.message());
            }
            for (String ref : r.references()) {
                assertThat(s).as(r.id()).contains("<" + ref + ">");
            }
            Matcher found = Pattern.compile("(?m)^ *(\\d+) found \\| (.*)$").matcher(s);
            assertThat(found.find()).as(r.id() + ": a found example").isTrue();
            assertThat(found.group(2)).as(r.id()).doesNotContain("# expect");
        }
        assertThat(Files.readAllLines(out.resolve("rules.csv"))).hasSize(rules.size() + 1);
    }

    @Test
    void theFoundLinesAreTheFixturesExpectLines() throws Exception {
        String md = Files.readString(out.resolve("rules.md"));
        for (RuleExamples.Fixture f : RuleExamples.loadDefault()) {
            List<Integer> shown = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^ *(\\d+) found \\|").matcher(
                    section(md, f.rule()).split("\\(`" + Pattern.quote(f.file()) + "`", 2)[1].split("```", 3)[1]);
            while (m.find()) {
                shown.add(Integer.parseInt(m.group(1)));
            }
            assertThat(shown).as(f.file()).containsExactlyElementsOf(
                    f.annotations().expect().getOrDefault(f.rule(), java.util.Set.of()));
        }
    }

    @Test
    void everyReportLinksToTheRulesPage() throws Exception {
        for (String r : List.of("scope", "hotspots", "progress")) {
            // the navigation of every page (Reports.PAGES): the same link text in HTML and Markdown
            assertThat(Files.readString(out.resolve(r + ".html"))).as(r).contains("<a href=\"rules.html\">Rules</a>");
            assertThat(Files.readString(out.resolve(r + ".md"))).as(r).contains("[Rules](rules.md)");
        }
        assertThat(Files.readString(out.resolve("rules.html")))
                .contains("<a href=\"rules.html\" class=\"here\" aria-current=\"page\">Rules</a>")
                .contains("<a href=\"scope.html\">Scope</a>");
        assertThat(Files.readString(out.resolve("rules.md"))).contains("**Rules**").contains("[Scope](scope.md)");
    }

    @Test
    void rendersInChromium() throws Exception {
        Chromium chromium = Chromium.find(tmp, "RulesPageTest");
        String dom = chromium.dumpDom(out.resolve("rules.html"));
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertThat(body.find()).isTrue();
        assertThat(body.group(1)).doesNotContain("data-errors").contains("data-ready=\"1\"");
        assertThat(dom).contains("</table>").contains("<nav class=\"reports\"");
        for (MistakeRule r : rules) {
            assertThat(dom).as(r.id()).contains("<h2>" + r.id() + "</h2>");
        }
        assertThat(dom).contains("found | ");
    }
}
