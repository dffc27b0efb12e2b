package io.anyscope.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.anyscope.extract.RuleEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** src/catalog/rules/mistakes.yaml is valid: ids unique, fields present, every query compiles. */
class MistakeRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shippedRulesLoadAndCompile() {
        MistakeRules rules = MistakeRules.loadDefault();
        RuleEngine engine = new RuleEngine(rules);
        assertEquals(rules, engine.rules());
        Set<String> ids = new HashSet<>();
        for (MistakeRule r : rules.rules()) {
            assertTrue(ids.add(r.id()), r.id());
            assertFalse(r.message().isBlank(), r.id());
            assertFalse(r.fix().isBlank(), r.id());
            assertFalse(r.references().isEmpty(), r.id());
        }
        assertTrue(ids.containsAll(Set.of("await-start-soon", "coroutine-passed-as-function",
                "asyncio-timeout-error-around-fail-after", "removed-anyio-api", "cancellation-swallowed",
                "except-around-task-group", "pytest-anyio-dependency", "anyio-backends-ini-key")), ids.toString());
    }

    private static final String OK_RULE = "id: a-rule\n    severity: error\n    message: m\n    fix: f\n"
            + "    references: [https://example.org/1]\n";

    private static MistakeRules parse(String rules) throws Exception {
        return MistakeRules.parse(YAML.readTree("version: '1'\nrules:\n" + rules), "test.yaml");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        - id: Bad_Id                                                  | id must be lower-case words
        - {id: a, severity: fatal, message: m, fix: f, references: [https://x.org], match: {query: '(await) @site'}} | severity must be one of
        - {id: a, severity: error, message: m, references: [https://x.org], match: {query: '(await) @site'}} | missing 'fix'
        - {id: a, severity: error, message: m, fix: f, references: [http://x.org], match: {query: '(await) @site'}} | not an https URL
        - {id: a, severity: error, message: m, fix: f, references: [https://x.org], match: {}} | exactly one of
        - {id: a, severity: error, message: m, fix: f, references: [https://x.org], match: {query: '(await) @site', where: {site: {sybmol: [x]}}}} | unknown key 'sybmol'
        - {id: a, severity: error, message: m, fix: f, references: [https://x.org], match: {query: '(await) @site', symbols: {a.b: c}}} | exactly one of
        """)
    void malformedRulesAreRefusedWithTheirId(String rules, String error) {
        CatalogException e = assertThrows(CatalogException.class, () -> parse(rules));
        assertTrue(e.getMessage().contains(error), e.getMessage());
    }

    @Test
    void duplicateIdsAreRefused() {
        String r = "- {id: a, severity: error, message: m, fix: f, references: [https://x.org], "
                + "match: {query: '(await) @site'}}\n";
        CatalogException e = assertThrows(CatalogException.class, () -> parse(r + r));
        assertTrue(e.getMessage().contains("duplicate id a"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        (await                          | query does not compile
        (no_such_node) @site            | query does not compile
        (await) @x                      | query has no @site capture
        ((await) @site (#frob? @site))  | unknown or malformed predicate #frob?
        """)
    void queriesThatDoNotCompileAreRefusedWithTheirId(String query, String error) throws Exception {
        MistakeRules rules = parse("- {id: q-rule, severity: error, message: m, fix: f, references: [https://x.org], "
                + "match: {query: " + YAML.writeValueAsString(query).replace("---", "").strip() + "}}\n");
        CatalogException e = assertThrows(CatalogException.class, () -> new RuleEngine(rules));
        assertTrue(e.getMessage().startsWith("rule q-rule: " + error), e.getMessage());
    }

    @Test
    void aCheckOnACaptureTheQueryLacksIsRefused() throws Exception {
        MistakeRules rules = parse("- {id: q-rule, severity: error, message: m, fix: f, references: [https://x.org], "
                + "match: {query: '(await) @site', where: {fn: {in_async: true}}}}\n");
        CatalogException e = assertThrows(CatalogException.class, () -> new RuleEngine(rules));
        assertEquals("rule q-rule: 'where' checks @fn, which the query does not capture", e.getMessage());
    }
}
