package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Semgrep-style fixtures: every line's trailing {@code # expect: ...} comment lists exactly the facts that start on
 * that line; lines without one must have none. See src/test/resources/fixtures/README.md.
 */
class FixtureTest {
    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(.+?)\\s*$");
    private static final Pattern EXPECT_NOT = Pattern.compile("#\\s*expect-not:\\s*(.+?)\\s*$");
    private static final PythonExtractor EXTRACTOR = new PythonExtractor(Catalog.loadDefault());

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesItsAnnotations() {
        return Fixtures.pythonFiles().stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<Integer, Set<String>> expected = new TreeMap<>();
        Map<Integer, Set<String>> forbidden = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            if (m.find()) {
                Set<String> items = new TreeSet<>();
                for (String item : m.group(1).split(",")) {
                    items.add(item.strip());
                }
                expected.put(i + 1, items);
            }
            Matcher n = EXPECT_NOT.matcher(lines.get(i));
            if (n.find()) {
                Set<String> items = new TreeSet<>();
                for (String item : n.group(1).split(",")) {
                    items.add(item.strip());
                }
                forbidden.put(i + 1, items);
            }
        }
        FileResult r = EXTRACTOR.extract(file.getFileName().toString(), Files.readAllBytes(file));
        Map<Integer, Set<String>> actual = new TreeMap<>();
        Map<Integer, Set<String>> actualSymbols = new TreeMap<>();
        for (Usage u : r.usages()) {
            // A fact whose context is "other" may be annotated with or without "@other"; a candidate (Usage.via)
            // is annotated "via MODULE".
            String item = u.kind() + " " + u.symbol() + ("other".equals(u.context()) ? "" : "@" + u.context())
                    + (u.via() == null ? "" : " via " + u.via());
            actual.computeIfAbsent(u.line(), k -> new TreeSet<>()).add(item);
            actualSymbols.computeIfAbsent(u.line(), k -> new TreeSet<>()).add(u.symbol());
        }
        List<String> problems = new ArrayList<>();
        Set<Integer> all = new TreeSet<>(expected.keySet());
        all.addAll(actual.keySet());
        for (int line : all) {
            Set<String> want = expected.getOrDefault(line, Set.of());
            Set<String> got = actual.getOrDefault(line, Set.of());
            if (!want.equals(got)) {
                problems.add(file.getFileName() + ":" + line + ": expected " + want + " but found " + got
                        + "   | " + lines.get(line - 1).strip());
            }
        }
        for (Map.Entry<Integer, Set<String>> e : forbidden.entrySet()) {
            for (String sym : e.getValue()) {
                if (actualSymbols.getOrDefault(e.getKey(), Set.of()).contains(sym)) {
                    problems.add(file.getFileName() + ":" + e.getKey() + ": must not find " + sym);
                }
            }
        }
        assertThat(problems).as("fixture mismatches").isEmpty();
    }
}
