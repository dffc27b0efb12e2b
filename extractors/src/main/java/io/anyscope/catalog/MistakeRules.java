package io.anyscope.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The migration-mistake rules, loaded from {@code src/catalog/rules/mistakes.yaml} (shipped in the jar beside the
 * catalog) and validated: ids unique and well formed, every field present, exactly one way of matching, known
 * constraint kinds only (a typo is an error, not a constraint silently ignored), references that are URLs. Whether
 * the queries compile is checked by the engine that compiles them ({@code io.anyscope.extract.RuleEngine}).
 */
public final class MistakeRules {
    public static final List<String> SEVERITIES = List.of("error", "warning", "info");
    static final String RESOURCE = "/io/anyscope/catalog/rules/mistakes.yaml";
    private static final Set<String> RULE_KEYS = Set.of("id", "severity", "message", "anyio", "fix", "references",
            "files_importing", "match", "repository");
    private static final Set<String> MATCH_KEYS = Set.of("query", "where", "patterns", "symbols", "config");
    private static final Set<String> CHECK_KEYS = Set.of("symbol", "contains_symbol", "has", "not_has", "in_async",
            "within", "not_within", "named_by", "function", "file");
    private static final Set<String> CONFIG_KEYS = Set.of("kind", "name", "value", "section");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static volatile MistakeRules defaultRules;

    private final String version;
    private final List<MistakeRule> rules;

    private MistakeRules(String version, List<MistakeRule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
    }

    /** The rules file's version: part of the extraction version, so editing a rule re-extracts. */
    public String version() {
        return version;
    }

    public List<MistakeRule> rules() {
        return rules;
    }

    /** The rules shipped inside the jar (cached: immutable). */
    public static MistakeRules loadDefault() {
        MistakeRules r = defaultRules;
        if (r == null) {
            synchronized (MistakeRules.class) {
                r = defaultRules;
                if (r == null) {
                    try (InputStream in = MistakeRules.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new CatalogException("rules resource missing: " + RESOURCE);
                        }
                        r = parse(YAML.readTree(in), "rules/mistakes.yaml");
                    } catch (IOException e) {
                        throw new CatalogException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
                    }
                    defaultRules = r;
                }
            }
        }
        return r;
    }

    /** Loads a rules file (a user's edited copy, or a test's). */
    public static MistakeRules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(YAML.readTree(in), file.getFileName().toString());
        } catch (IOException e) {
            throw new CatalogException("cannot read rules file " + file + ": " + e.getMessage(), e);
        }
    }

    static MistakeRules parse(JsonNode root, String file) {
        String version = Catalog.text(root, "version", file);
        List<MistakeRule> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        int i = 0;
        for (Iterator<JsonNode> it = root.path("rules").elements(); it.hasNext(); i++) {
            JsonNode n = it.next();
            String where = file + " rule #" + (i + 1);
            String id = Catalog.text(n, "id", where);
            where = file + " rule " + id;
            if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                throw new CatalogException(where + ": id must be lower-case words joined by '-'");
            }
            if (!ids.add(id)) {
                throw new CatalogException(where + ": duplicate id " + id);
            }
            keys(n, RULE_KEYS, where);
            String severity = Catalog.text(n, "severity", where);
            if (!SEVERITIES.contains(severity)) {
                throw new CatalogException(where + ": severity must be one of " + SEVERITIES + ", not " + severity);
            }
            List<String> refs = Catalog.strings(n.path("references"));
            if (refs.isEmpty()) {
                throw new CatalogException(where + ": missing 'references'");
            }
            for (String ref : refs) {
                if (!ref.startsWith("https://")) {
                    throw new CatalogException(where + ": reference is not an https URL: " + ref);
                }
            }
            JsonNode m = n.get("match");
            if (m == null || !m.isObject()) {
                throw new CatalogException(where + ": missing 'match'");
            }
            keys(m, MATCH_KEYS, where + " match");
            List<MistakeRule.Pattern> patterns = new ArrayList<>();
            if (m.has("query")) {
                patterns.add(pattern(m, where));
            }
            for (JsonNode p : m.path("patterns")) {
                keys(p, Set.of("query", "where"), where + " pattern");
                patterns.add(pattern(p, where));
            }
            Map<String, String> symbols = new LinkedHashMap<>();
            Map<String, String> symbolRanges = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> si = m.path("symbols").fields(); si.hasNext(); ) {
                Map.Entry<String, JsonNode> e = si.next();
                if (e.getValue().isObject()) {
                    keys(e.getValue(), Set.of("replacement", "anyio"), where + " symbol " + e.getKey());
                    symbols.put(e.getKey(), Catalog.text(e.getValue(), "replacement", where + " symbol " + e.getKey()));
                    if (e.getValue().hasNonNull("anyio")) {
                        symbolRanges.put(e.getKey(), specifier(e.getValue().get("anyio").asText(),
                                where + " symbol " + e.getKey()));
                    }
                } else {
                    symbols.put(e.getKey(), e.getValue().asText());
                }
            }
            List<MistakeRule.ConfigMatch> config = new ArrayList<>();
            if (m.has("config")) {
                if (m.get("config").isArray()) {
                    for (JsonNode c : m.get("config")) {
                        config.add(configMatch(c, where + " config"));
                    }
                } else {
                    config.add(configMatch(m.get("config"), where + " config"));
                }
                if (config.isEmpty()) {
                    throw new CatalogException(where + ": empty 'config' list");
                }
            }
            int ways = (patterns.isEmpty() ? 0 : 1) + (symbols.isEmpty() ? 0 : 1) + (config.isEmpty() ? 0 : 1);
            if (ways != 1) {
                throw new CatalogException(where + ": match must set exactly one of query/patterns, symbols, config");
            }
            MistakeRule.Repository repository = null;
            if (n.has("repository")) {
                JsonNode r = n.get("repository");
                keys(r, Set.of("has", "lacks"), where + " repository");
                List<MistakeRule.ConfigMatch> has = new ArrayList<>();
                List<MistakeRule.ConfigMatch> lacks = new ArrayList<>();
                for (JsonNode c : r.path("has")) {
                    has.add(configMatch(c, where + " repository has"));
                }
                for (JsonNode c : r.path("lacks")) {
                    lacks.add(configMatch(c, where + " repository lacks"));
                }
                if (has.isEmpty() && lacks.isEmpty()) {
                    throw new CatalogException(where + ": 'repository' needs 'has' or 'lacks'");
                }
                repository = new MistakeRule.Repository(List.copyOf(has), List.copyOf(lacks));
            }
            String anyio = n.hasNonNull("anyio") ? specifier(n.get("anyio").asText(), where + " anyio") : "";
            out.add(new MistakeRule(id, severity, Catalog.text(n, "message", where), anyio,
                    Catalog.text(n, "fix", where), refs, Catalog.strings(n.path("files_importing")), patterns, symbols,
                    symbolRanges, List.copyOf(config), repository));
        }
        if (out.isEmpty()) {
            throw new CatalogException(file + ": no rules");
        }
        return new MistakeRules(version, out);
    }

    private static MistakeRule.ConfigMatch configMatch(JsonNode c, String where) {
        keys(c, CONFIG_KEYS, where);
        for (String k : new String[] {"kind", "name", "value", "section"}) {
            if (c.has(k) && !c.get(k).isTextual()) {
                throw new CatalogException(where + ": '" + k + "' must be a string");
            }
        }
        MistakeRule.ConfigMatch m = new MistakeRule.ConfigMatch(Catalog.text(c, "kind", where),
                Catalog.text(c, "name", where), c.hasNonNull("value") ? c.get("value").asText() : null,
                c.hasNonNull("section") ? c.get("section").asText() : null);
        regex(m.value(), where + " value");
        regex(m.section(), where + " section");
        if (m.value() != null && m.value().contains("\t")) {
            throw new CatalogException(where + ": value must not contain a tab");
        }
        return m;
    }

    /**
     * An AnyIO version range as the SQL views read it: comma-separated clauses {@code OP VERSION} with OP one of
     * {@code >= > < <= ==}, VERSION dotted numbers.
     */
    static String specifier(String spec, String where) {
        String s = spec.replace(" ", "");
        if (!s.matches("(>=|>|<=|<|==)[0-9]+(\\.[0-9]+)*(,(>=|>|<=|<|==)[0-9]+(\\.[0-9]+)*)*")) {
            throw new CatalogException(where + ": AnyIO range must be clauses like '>=4.0' or '>=3.0,<4', not '"
                    + spec + "'");
        }
        return s;
    }

    private static MistakeRule.Pattern pattern(JsonNode n, String where) {
        String query = Catalog.text(n, "query", where);
        Map<String, MistakeRule.Check> checks = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.path("where").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String w = where + " where " + e.getKey();
            checks.put(e.getKey(), check(e.getValue(), w));
        }
        return new MistakeRule.Pattern(query, checks);
    }

    private static MistakeRule.Check check(JsonNode c, String w) {
        keys(c, CHECK_KEYS, w);
        return new MistakeRule.Check(
                c.has("symbol") ? nonEmpty(Catalog.strings(c.get("symbol")), w + " symbol") : List.of(),
                c.has("contains_symbol") ? nonEmpty(Catalog.strings(c.get("contains_symbol")), w + " contains_symbol")
                        : List.of(),
                c.has("has") ? pattern(c.get("has"), w + " has") : null,
                c.has("not_has") ? pattern(c.get("not_has"), w + " not_has") : null,
                c.has("in_async") ? c.get("in_async").asBoolean() : null,
                c.has("within") ? pattern(c.get("within"), w + " within") : null,
                c.has("not_within") ? pattern(c.get("not_within"), w + " not_within") : null,
                c.has("named_by") ? pattern(c.get("named_by"), w + " named_by") : null,
                c.has("function") ? check(c.get("function"), w + " function") : null,
                c.has("file") ? check(c.get("file"), w + " file") : null);
    }

    private static List<String> nonEmpty(List<String> l, String where) {
        if (l.isEmpty()) {
            throw new CatalogException(where + ": empty list");
        }
        return l;
    }

    private static void regex(String re, String where) {
        if (re == null) {
            return;
        }
        try {
            java.util.regex.Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new CatalogException(where + ": bad regular expression: " + e.getDescription());
        }
    }

    private static void keys(JsonNode n, Set<String> allowed, String where) {
        if (!n.isObject()) {
            throw new CatalogException(where + ": expected a mapping");
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new CatalogException(where + ": unknown key '" + k + "' (known: " + new java.util.TreeSet<>(
                        allowed) + ")");
            }
        });
    }
}
