package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.MistakeRule;
import io.anyscope.catalog.MistakeRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The semgrep-style fixtures of the migration-mistake rules (src/test/resources/rules): {@code <id>.py}, or
 * {@code <id>/<config file>}. A line carrying {@code # expect: <id>} must be found by that rule, a line carrying
 * {@code # ok: <id>} must not; an annotation alone on its line applies to the next line that is not one. Every
 * rule found in a fixture must be annotated there (but for another rule's conditional findings, which its own fixture
 * checks): each rule finds exactly its expect lines.
 */
class RuleFixturesTest {
    private static final Pattern ANNOTATION = Pattern.compile("#\\s*(expect|ok):\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)");

    static Path root() throws URISyntaxException {
        return Path.of(RuleFixturesTest.class.getResource("/rules").toURI());
    }

    static Stream<Path> fixtures() throws Exception {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    /** The rule a fixture belongs to: its file name without extension, or its directory's name. */
    static String ruleOf(Path fixture) throws URISyntaxException {
        Path rel = root().relativize(fixture);
        String first = rel.getName(0).toString();
        return rel.getNameCount() > 1 ? first : first.substring(0, first.lastIndexOf('.'));
    }

    record Annotations(Map<String, Set<Integer>> expect, Map<String, Set<Integer>> ok) {
    }

    static Annotations annotations(List<String> lines) {
        Map<String, Set<Integer>> expect = new TreeMap<>();
        Map<String, Set<Integer>> ok = new TreeMap<>();
        List<String[]> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = ANNOTATION.matcher(line);
            List<String[]> here = new ArrayList<>();
            while (m.find()) {
                for (String id : m.group(2).split("\\s*,\\s*")) {
                    here.add(new String[] {m.group(1), id});
                }
            }
            boolean alone = !here.isEmpty() && line.strip().startsWith("#");
            if (alone) {
                pending.addAll(here);
                continue;
            }
            here.addAll(pending);
            pending.clear();
            for (String[] a : here) {
                (a[0].equals("expect") ? expect : ok).computeIfAbsent(a[1], k -> new TreeSet<>()).add(i + 1);
            }
        }
        return new Annotations(expect, ok);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachRuleFindsExactlyItsExpectLines(Path fixture) throws Exception {
        String rule = ruleOf(fixture);
        byte[] bytes = Files.readAllBytes(fixture);
        Annotations a = annotations(Files.readAllLines(fixture));
        assertFalse(a.expect().getOrDefault(rule, Set.of()).isEmpty(), fixture + ": no `# expect: " + rule + "` line");
        assertFalse(a.ok().getOrDefault(rule, Set.of()).isEmpty(), fixture + ": no `# ok: " + rule + "` line");
        String path = "fixture/" + root().relativize(fixture).getFileName();
        FileResult r = new Extractor(Catalog.loadDefault()).extract(path, bytes);
        Map<String, Set<Integer>> found = new TreeMap<>();
        for (Finding f : r.findings()) {
            found.computeIfAbsent(f.ruleId(), k -> new TreeSet<>()).add(f.line());
        }
        // Another rule's conditional findings (they hold only where the repository's other files or its declared
        // AnyIO requirement say so: `requires`, or a range needing an old lower bound) need no annotation here:
        // their own fixture checks them.
        Set<String> conditional = new TreeSet<>();
        for (Finding f : r.findings()) {
            if (!f.ruleId().equals(rule) && (!f.requires().isEmpty() || f.anyio().contains("<"))) {
                conditional.add(f.ruleId());
            }
        }
        Set<String> rules = new TreeSet<>(found.keySet());
        rules.removeAll(conditional);
        rules.addAll(a.expect().keySet());
        for (String id : rules) {
            assertEquals(a.expect().getOrDefault(id, Set.of()), found.getOrDefault(id, Set.of()),
                    fixture.getFileName() + ": lines found by " + id);
            Set<Integer> wrong = new TreeSet<>(found.getOrDefault(id, Set.of()));
            wrong.retainAll(a.ok().getOrDefault(id, Set.of()));
            assertTrue(wrong.isEmpty(), fixture.getFileName() + ": " + id + " found ok lines " + wrong);
        }
    }

    @Test
    void everyRuleHasAFixture() throws Exception {
        Set<String> withFixture = new TreeSet<>();
        for (Path p : fixtures().toList()) {
            withFixture.add(ruleOf(p));
        }
        Set<String> ids = new TreeSet<>();
        for (MistakeRule r : MistakeRules.loadDefault().rules()) {
            ids.add(r.id());
        }
        assertEquals(ids, withFixture);
    }

    @Test
    void findingsCarryTheRuleDataAndTheSite() throws Exception {
        byte[] bytes = Files.readAllBytes(root().resolve("removed-anyio-api.py"));
        FileResult r = new Extractor(Catalog.loadDefault()).extract("svc/portal.py", bytes);
        Finding f = r.findings().stream().filter(x -> x.line() == 9).findFirst().orElseThrow();
        assertEquals(new Finding("removed-anyio-api", "error", 9, 10, 9, 37,
                "with anyio.start_blocking_portal() as p:  # expect: removed-anyio-api",
                "anyio.start_blocking_portal is not in AnyIO 4 (removed or renamed across AnyIO's major versions): "
                        + "the import or call fails with AttributeError or ImportError",
                "Use anyio.from_thread.start_blocking_portal() (moved in AnyIO 3.0, removed from the top level in "
                        + "4.0)", ">=4.0", ""), f);
    }
}
