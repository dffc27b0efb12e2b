package io.anyscope.analytics;

import io.anyscope.analytics.Report.Card;
import io.anyscope.analytics.Report.Section;
import io.anyscope.catalog.MistakeRule;
import io.anyscope.catalog.MistakeRules;
import io.anyscope.catalog.RuleExamples;
import io.anyscope.catalog.RuleExamples.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "Rules" page: every migration-mistake rule of the rules file shipped in the jar (src/catalog/rules/mistakes.yaml)
 * with its id, severity, message, AnyIO range, fix and references, and the cases of its annotated fixtures
 * (src/catalog/rules/fixtures, also shipped) that it finds ({@code # expect:}) and leaves alone ({@code # ok:}).
 * Reads no data set: the page documents what the findings of every report mean.
 */
public final class RulesPage {
    private RulesPage() {
    }

    public static Report build() {
        return build(MistakeRules.loadDefault(), RuleExamples.loadDefault());
    }

    static Report build(MistakeRules rules, List<Fixture> fixtures) {
        List<List<Object>> rows = new ArrayList<>();
        long errors = 0;
        for (MistakeRule r : rules.rules()) {
            rows.add(List.of(r.id(), r.severity(), r.anyio().isEmpty() ? "any" : r.anyio(), r.message()));
            errors += "error".equals(r.severity()) ? 1 : 0;
        }
        List<Card> cards = List.of(new Card("rules", String.valueOf(rules.rules().size())),
                new Card("errors (break at run time)", String.valueOf(errors)),
                new Card("rules file version", rules.version()));
        List<Section> s = new ArrayList<>();
        s.add(new Section(1, "Rules", "Each finding in the scope, hotspots and progress reports and in `anyscope check` "
                + "names one of these rules. Severity: error (breaks at run time), warning (breaks in some versions "
                + "or paths), info. The examples are the rules' test fixtures: a test requires each rule to find "
                + "exactly its `# expect:` lines and none of its `# ok:` lines.", "rules",
                new Table(List.of("rule_id", "severity", "anyio", "message"),
                        List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR"), rows), null));
        for (MistakeRule r : rules.rules()) {
            s.add(Section.text(1, r.id(), rule(r, fixtures)));
        }
        return new Report("rules", "Migration-mistake rules", "The bugs a move to AnyIO introduces, as data: "
                + "src/catalog/rules/mistakes.yaml version " + rules.version() + ", " + rules.rules().size()
                + " rules", cards, s);
    }

    /** One rule's Markdown: its data, then its examples from every fixture that annotates it. */
    static String rule(MistakeRule r, List<Fixture> fixtures) {
        StringBuilder b = new StringBuilder();
        b.append("**Severity:** ").append(r.severity()).append(" · **AnyIO versions:** ")
                .append(r.anyio().isEmpty() ? "any" : "`" + r.anyio() + "`");
        if (!r.filesImporting().isEmpty()) {
            b.append(" · **Checks files importing:** ").append(String.join(", ", r.filesImporting()));
        }
        b.append("\n\n").append(r.message()).append("\n\n**Fix:** ").append(r.fix()).append("\n\n");
        if (r.symbols() != null && !r.symbols().isEmpty()) {
            b.append("**Names** (`{symbol}` above → `{replacement}`):\n\n");
            for (Map.Entry<String, String> e : r.symbols().entrySet()) {
                b.append("- `").append(e.getKey()).append("` → ").append(e.getValue()).append('\n');
            }
            b.append('\n');
        }
        if (r.config() != null && !r.config().isEmpty()) {
            b.append("**Matches** a configuration fact:\n\n");
            for (MistakeRule.ConfigMatch c : r.config()) {
                b.append("- `").append(c.kind()).append(' ').append(c.name())
                        .append(c.value() == null ? "" : " ~ " + c.value())
                        .append(c.section() == null ? "" : " [" + c.section() + "]").append("`\n");
            }
            b.append('\n');
        }
        if (!r.references().isEmpty()) {
            b.append("**References:**\n\n");
            for (String ref : r.references()) {
                b.append("- <").append(ref).append(">\n");
            }
            b.append('\n');
        }
        b.append(examples(r.id(), fixtures));
        return b.toString();
    }

    /**
     * The rule's cases: its own fixture whole, each line numbered and marked {@code found} ({@code # expect:}) or
     * {@code ok} (left alone), annotation comments taken out; from other fixtures, only the lines annotated for it.
     */
    static String examples(String id, List<Fixture> fixtures) {
        StringBuilder b = new StringBuilder();
        for (Fixture f : fixtures) {
            Set<Integer> expect = f.annotations().expect().getOrDefault(id, Set.of());
            Set<Integer> ok = f.annotations().ok().getOrDefault(id, Set.of());
            boolean own = f.rule().equals(id);
            if (!own && expect.isEmpty() && ok.isEmpty()) {
                continue;
            }
            b.append("**Examples** (`").append(f.file()).append("`: ").append(expect.size()).append(" found, ")
                    .append(ok.size()).append(" ok):\n\n```").append(f.file().endsWith(".py") ? "python" : "")
                    .append('\n');
            for (int n = 1; n <= f.lines().size(); n++) {
                String line = f.lines().get(n - 1);
                boolean annotationOnly = RuleExamples.withoutAnnotation(line).isBlank() && !line.isBlank();
                if ((!own && !expect.contains(n) && !ok.contains(n)) || annotationOnly) {
                    continue;
                }
                String mark = expect.contains(n) ? "found" : ok.contains(n) ? "ok" : "";
                b.append(String.format("%3d %-5s | ", n, mark)).append(RuleExamples.withoutAnnotation(line))
                        .append('\n');
            }
            b.append("```\n\n");
        }
        return b.toString();
    }
}
