package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Guards that exempt a whole file from a rule (src/test/resources/rule-cases), which a fixture of RuleFixturesTest
 * cannot show (it needs an expect line): the file as it is has no finding of the rule; with the guard line replaced,
 * the rule finds exactly the file's {@code # expect} lines.
 */
class FileLevelRuleGuardsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        asyncio-backend.py    | asyncio-api-under-anyio | class AsyncIOBackend(AsyncBackend):   | class AsyncIOBackend(object):
        asyncio-pytestmark.py | asyncio-api-under-anyio | pytest.mark.parametrize("anyio_backend", ["asyncio"]) | pytest.mark.slow
        project-module-named-streams.py | asyncio-api-under-anyio | from acme.http import streams | from anyio import streams
        cancellation-backend.py | cancellation-swallowed | class TrioBackend(AsyncBackend): | class TrioBackend(object):
        """)
    void theGuardAloneExemptsTheFile(String file, String rule, String guard, String without) throws Exception {
        Path p = Path.of(getClass().getResource("/rule-cases/" + file).toURI());
        String text = Files.readString(p);
        assertNotEquals(text, text.replace(guard, without), "guard not in " + file);
        Set<Integer> expect = RuleFixturesTest.annotations(List.of(text.split("\n", -1))).expect()
                .getOrDefault(rule, Set.of());
        assertFalse(expect.isEmpty(), file + ": no expect line");
        assertEquals(Set.of(), lines(text, rule), file + " with its guard");
        assertEquals(expect, lines(text.replace(guard, without), rule), file + " without its guard");
    }

    private static Set<Integer> lines(String text, String rule) throws Exception {
        FileResult r = new Extractor(Catalog.loadDefault()).extract("case/x.py",
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Set<Integer> out = new TreeSet<>();
        for (Finding f : r.findings()) {
            if (f.ruleId().equals(rule)) {
                out.add(f.line());
            }
        }
        return out;
    }
}
