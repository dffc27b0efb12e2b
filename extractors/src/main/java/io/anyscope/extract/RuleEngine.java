package io.anyscope.extract;

import io.anyscope.catalog.CatalogException;
import io.anyscope.catalog.MistakeRule;
import io.anyscope.catalog.MistakeRules;
import org.treesitter.TSNode;
import org.treesitter.TSQuery;
import org.treesitter.TSQueryCapture;
import org.treesitter.TSQueryCursor;
import org.treesitter.TSQueryException;
import org.treesitter.TSQueryMatch;
import org.treesitter.TSQueryPredicateStep;
import org.treesitter.TSQueryPredicateStepType;
import org.treesitter.TreeSitterPython;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.start;

/**
 * Runs the migration-mistake rules ({@link MistakeRules}) over one file. Generic: what a rule finds is its data.
 *
 * <ul>
 *   <li><b>Query rules</b>: the top-level patterns that can hold in a file are compiled into one tree-sitter query, run
 *   natively once over the file's tree; Java sees only the matches. A pattern can hold only where its rule applies
 *   ({@code files_importing}) and where the file has a usage fact for each {@code symbol} / {@code contains_symbol}
 *   list its positive checks name (at any depth: {@code has}, {@code within}, {@code named_by}, {@code function},
 *   {@code file}); the others are left out of the file's query, which is compiled once per set of patterns.
 *   Predicates ({@code #eq?}, {@code #not-eq?}, {@code #match?}, {@code #not-match?}, {@code #any-of?},
 *   {@code #not-any-of?}) are checked per match, then the capture checks of {@link MistakeRule.Check}:
 *   {@code symbol} / {@code contains_symbol} against the file's usage facts (names resolved through its imports, so
 *   aliases work), {@code has} / {@code not_has} by running a sub-query on the capture's node only, {@code in_async}
 *   from the enclosing function.</li>
 *   <li><b>Symbol rules</b>: usage facts whose symbol the rule lists.</li>
 *   <li><b>Config rules</b>: configuration facts of a kind and name (value by regular expression).</li>
 * </ul>
 *
 * <p>Only usage facts of resolved names count (never a compatibility-layer candidate, {@link Usage#via}). A rule with
 * {@code files_importing} runs only on files with an import fact of one of those libraries. Not
 * thread-safe (it owns query cursors): one per extractor.
 */
public final class RuleEngine {
    private record Predicate(String name, List<Object> args) {
    }

    /** A compiled query: per pattern, its rule (top level only), spec and predicates. */
    private static final class Compiled {
        final TSQuery query;
        final TSQueryCursor cursor = new TSQueryCursor();
        final List<MistakeRule> rules = new ArrayList<>();
        final List<MistakeRule.Pattern> specs = new ArrayList<>();
        final List<List<Predicate>> predicates = new ArrayList<>();

        Compiled(TSQuery query) {
            this.query = query;
        }
    }

    /**
     * A top-level pattern of a rule ({@code spec}; its query holds {@code count} tree-sitter patterns), and the symbol
     * lists a file's usage facts must each meet for it to hold there ({@link #needs}).
     */
    private record Unit(MistakeRule rule, MistakeRule.Pattern spec, int count, List<List<String>> needs) {
    }

    private final MistakeRules rules;
    private final TreeSitterPython language = new TreeSitterPython();
    private final List<Unit> units = new ArrayList<>();
    /** The top-level query of each set of units met so far (bit i: {@code units.get(i)}). */
    private final Map<BitSet, Compiled> tops = new HashMap<>();
    private final Map<MistakeRule.Pattern, Compiled> sub = new IdentityHashMap<>();
    private final Map<String, Pattern> regexes = new HashMap<>();

    /** The shipped rules. */
    public RuleEngine() {
        this(MistakeRules.loadDefault());
    }

    /**
     * Compiles every query of {@code rules}.
     *
     * @throws CatalogException naming the rule when a query does not compile, uses an unknown predicate, lacks the
     *                          {@code @site} capture, or checks a capture it does not have
     */
    public RuleEngine(MistakeRules rules) {
        this.rules = rules;
        for (MistakeRule r : rules.rules()) {
            for (MistakeRule.Pattern p : r.patterns()) {
                int count = compile(p, r.id(), "site").query.getPatternCount();
                List<List<String>> needs = new ArrayList<>();
                needs(p, needs);
                units.add(new Unit(r, p, count, List.copyOf(needs)));
            }
        }
    }

    /** Adds the symbol lists a match of {@code p} that holds needs a usage fact of each, wherever in the file. */
    private static void needs(MistakeRule.Pattern p, List<List<String>> out) {
        for (MistakeRule.Check c : p.where().values()) {
            needs(c, out);
        }
    }

    private static void needs(MistakeRule.Check c, List<List<String>> out) {
        for (List<String> symbols : List.of(c.symbol(), c.containsSymbol())) {
            if (!symbols.isEmpty()) {
                out.add(symbols);
            }
        }
        // not_has and not_within hold where nothing is found: they need nothing.
        for (MistakeRule.Pattern s : new MistakeRule.Pattern[] {c.has(), c.within(), c.namedBy()}) {
            if (s != null) {
                needs(s, out);
            }
        }
        for (MistakeRule.Check n : new MistakeRule.Check[] {c.function(), c.file()}) {
            if (n != null) {
                needs(n, out);
            }
        }
    }

    /** The query of the units in {@code on}, in catalog order, compiled the first time that set is met. */
    private Compiled top(BitSet on) {
        return tops.computeIfAbsent(on, k -> {
            StringBuilder all = new StringBuilder();
            for (int i = k.nextSetBit(0); i >= 0; i = k.nextSetBit(i + 1)) {
                all.append(units.get(i).spec().query()).append('\n');
            }
            Compiled c = new Compiled(new TSQuery(language, all.toString()));
            int pattern = 0;
            for (int i = k.nextSetBit(0); i >= 0; i = k.nextSetBit(i + 1)) {
                Unit u = units.get(i);
                for (int j = 0; j < u.count(); j++, pattern++) {
                    c.rules.add(u.rule());
                    c.specs.add(u.spec());
                    c.predicates.add(predicates(c.query, pattern, u.rule().id()));
                }
            }
            return c;
        });
    }

    public MistakeRules rules() {
        return rules;
    }

    /** Compiles a pattern (and its checks' sub-patterns); {@code required}: a capture it must have, or null. */
    private Compiled compile(MistakeRule.Pattern p, String ruleId, String required) {
        TSQuery q;
        try {
            q = new TSQuery(language, p.query());
        } catch (TSQueryException | IllegalArgumentException e) {
            throw new CatalogException("rule " + ruleId + ": query does not compile: " + e.getMessage()
                    + "\n" + p.query());
        }
        if (q.getPatternCount() == 0) {
            throw new CatalogException("rule " + ruleId + ": query has no pattern");
        }
        Set<String> captures = new HashSet<>();
        for (int i = 0; i < q.getCaptureCount(); i++) {
            captures.add(q.getCaptureNameForId(i));
        }
        if (required != null && !captures.contains(required)) {
            throw new CatalogException("rule " + ruleId + ": query has no @" + required + " capture"
                    + (required.equals("site") ? " (where the finding is)" : "") + "\n" + p.query());
        }
        for (String c : p.where().keySet()) {
            if (!captures.contains(c)) {
                throw new CatalogException("rule " + ruleId + ": 'where' checks @" + c + ", which the query does "
                        + "not capture");
            }
        }
        Compiled compiled = new Compiled(q);
        for (int i = 0; i < q.getPatternCount(); i++) {
            compiled.specs.add(p);
            compiled.predicates.add(predicates(q, i, ruleId));
        }
        for (MistakeRule.Check c : p.where().values()) {
            compileSubs(c, ruleId);
        }
        return compiled;
    }

    private void compileSubs(MistakeRule.Check c, String ruleId) {
        for (MistakeRule.Pattern s : new MistakeRule.Pattern[] {c.has(), c.notHas(), c.within(), c.notWithin(),
                c.namedBy()}) {
            if (s != null && !sub.containsKey(s)) {
                String required = s == c.within() || s == c.notWithin() ? "within" : s == c.namedBy() ? "name" : null;
                sub.put(s, compile(s, ruleId, required));
            }
        }
        for (MistakeRule.Check n : new MistakeRule.Check[] {c.function(), c.file()}) {
            if (n != null) {
                compileSubs(n, ruleId);
            }
        }
    }

    private List<Predicate> predicates(TSQuery q, int pattern, String ruleId) {
        List<Predicate> out = new ArrayList<>();
        String name = null;
        List<Object> args = new ArrayList<>();
        for (TSQueryPredicateStep s : q.getPredicateForPattern(pattern)) {
            TSQueryPredicateStepType t = s.getType();
            if (t == TSQueryPredicateStepType.TSQueryPredicateStepTypeDone) {
                out.add(checkPredicate(new Predicate(name, List.copyOf(args)), ruleId));
                name = null;
                args.clear();
            } else if (name == null) {
                name = q.getStringValueForId(s.getValueId());
            } else if (t == TSQueryPredicateStepType.TSQueryPredicateStepTypeCapture) {
                args.add(new CaptureRef(q.getCaptureNameForId(s.getValueId())));
            } else {
                args.add(q.getStringValueForId(s.getValueId()));
            }
        }
        return out;
    }

    private record CaptureRef(String name) {
    }

    private Predicate checkPredicate(Predicate p, String ruleId) {
        boolean ok = switch (p.name()) {
            case "eq?", "not-eq?", "match?", "not-match?" -> p.args().size() == 2
                    && p.args().get(0) instanceof CaptureRef;
            case "any-of?", "not-any-of?" -> p.args().size() >= 2 && p.args().get(0) instanceof CaptureRef;
            default -> false;
        };
        if (!ok) {
            throw new CatalogException("rule " + ruleId + ": unknown or malformed predicate #" + p.name()
                    + " (known: #eq? #not-eq? #match? #not-match? #any-of? #not-any-of?, capture first)");
        }
        if (p.name().endsWith("match?")) {
            String re = String.valueOf(p.args().get(1));
            try {
                regexes.computeIfAbsent(re, Pattern::compile);
            } catch (RuntimeException e) {
                throw new CatalogException("rule " + ruleId + ": bad regular expression " + re + ": " + e);
            }
        }
        return p;
    }

    // ---- running ----

    /** What a Python file offers the checks: its text, scopes and usage facts by start position. */
    private static final class Context {
        final ParsedFile file;
        final Scopes scopes;
        final Map<Long, List<Usage>> usagesAt = new HashMap<>();
        final List<Usage> usages;
        /** Per within/not_within sub-pattern: the byte ranges of its {@code @within} captures in the file. */
        final Map<MistakeRule.Pattern, List<int[]>> withinRanges = new IdentityHashMap<>();
        /** Per named_by sub-pattern: the texts of its {@code @name} captures in the file. */
        final Map<MistakeRule.Pattern, Set<String>> names = new IdentityHashMap<>();
        /** Per check: its answer for each byte range asked (see check). */
        final Map<MistakeRule.Check, Map<Long, Boolean>> checked = new IdentityHashMap<>();

        Context(ParsedFile file, Scopes scopes, List<Usage> usages) {
            this.file = file;
            this.scopes = scopes;
            this.usages = usages;
            for (Usage u : usages) {
                usagesAt.computeIfAbsent(key(u.line(), u.column()), k -> new ArrayList<>()).add(u);
            }
        }

        static long key(int line, int col) {
            return ((long) line << 32) | col;
        }

        int line(int offset) {
            return file.src.line(offset);
        }

        int col(int offset) {
            return file.src.column(offset, file.src.line(offset));
        }
    }

    /** The findings of a parsed Python file whose usage facts are {@code usages}. */
    List<Finding> find(ParsedFile file, Scopes scopes, List<Usage> allUsages) {
        // Compatibility-layer candidates (Usage.via set: a name some tracked library has, imported from a module that
        // may be the project's) are not names of that library: the SQL keeps only those the module re-exports, which
        // one file cannot know. Rules see resolved names only; otherwise prefect's own
        // `from prefect.utilities.asyncutils import run_sync_in_worker_thread` was AnyIO 2's removed function,
        // `from exceptiongroup import ExceptionGroup` was anyio.ExceptionGroup, and `from aiohttp import streams`
        // made a file "import anyio". A removed name a project re-exports is found at its own `from anyio import`.
        List<Usage> usages = new ArrayList<>(allUsages.size());
        for (Usage u : allUsages) {
            if (u.via() == null) {
                usages.add(u);
            }
        }
        Set<String> imported = new HashSet<>();
        Set<String> used = new HashSet<>();
        for (Usage u : usages) {
            if (u.kind().equals("import")) {
                imported.add(u.library());
            } else {
                used.add(u.symbol());
            }
        }
        BitSet on = new BitSet();
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            if (applies(unit.rule(), imported) && unit.needs().stream().allMatch(n -> anyUsed(n, used))) {
                on.set(i);
            }
        }
        Map<String, Finding> out = new LinkedHashMap<>();
        if (!on.isEmpty()) {
            Compiled top = top(on);
            Context cx = new Context(file, scopes, usages);
            for (Match m : matches(top, file.root)) {
                MistakeRule r = top.rules.get(m.pattern);
                if (!holds(top, m, cx)) {
                    continue;
                }
                TSNode site = m.first("site");
                int s = start(site);
                int e = end(site);
                int line = cx.line(s);
                int endLine = cx.line(e);
                add(out, new Finding(r.id(), r.severity(), line, cx.col(s), endLine,
                        file.src.column(e, endLine), file.src.lineText(line, Usage.MAX_SOURCE_LINE),
                        fill(r.message(), Map.of()), fill(r.fix(), Map.of()), r.anyio(), requires(r)));
            }
        }
        for (MistakeRule r : rules.rules()) {
            if (r.symbols().isEmpty() || !applies(r, imported)) {
                continue;
            }
            for (Usage u : usages) {
                for (Map.Entry<String, String> e : r.symbols().entrySet()) {
                    if (MistakeRule.symbolMatches(e.getKey(), u.symbol())) {
                        Map<String, String> vars = Map.of("symbol", u.symbol(), "replacement", e.getValue());
                        add(out, new Finding(r.id(), r.severity(), u.line(), u.column(), u.endLine(), u.endColumn(),
                                u.sourceLine(), fill(r.message(), vars), fill(r.fix(), vars),
                                r.anyioFor(e.getKey()), requires(r)));
                        break;
                    }
                }
            }
        }
        return sorted(out);
    }

    /** The findings of a file's configuration facts ({@code content}: its bytes, for the source lines). */
    List<Finding> findConfig(List<ConfigFact> facts, byte[] content) {
        Map<String, Finding> out = new LinkedHashMap<>();
        String[] lines = null;
        for (MistakeRule r : rules.rules()) {
            for (ConfigFact f : facts) {
                if (!matchesAny(r.config(), f)) {
                    continue;
                }
                if (lines == null) {
                    lines = new String(content, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
                }
                String text = f.line() > 0 && f.line() <= lines.length ? lines[f.line() - 1].strip() : "";
                if (text.length() > Usage.MAX_SOURCE_LINE) {
                    text = text.substring(0, Usage.MAX_SOURCE_LINE);
                }
                Map<String, String> vars = Map.of("symbol", f.name(), "replacement", f.value());
                add(out, new Finding(r.id(), r.severity(), f.line(), 1, f.line(), text.length() + 1, text,
                        fill(r.message(), vars), fill(r.fix(), vars), r.anyio(), requires(r)));
            }
        }
        return sorted(out);
    }

    private boolean matchesAny(List<MistakeRule.ConfigMatch> matches, ConfigFact f) {
        for (MistakeRule.ConfigMatch c : matches) {
            if (f.kind().equals(c.kind()) && f.name().equals(c.name()) && (c.value() == null
                    || regexes.computeIfAbsent(c.value(), Pattern::compile).matcher(f.value()).find())
                    && (c.section() == null
                    || regexes.computeIfAbsent(c.section(), Pattern::compile).matcher(f.section()).find())) {
                return true;
            }
        }
        return false;
    }

    private static String requires(MistakeRule r) {
        return r.repository() == null ? "" : r.repository().encode();
    }

    private static boolean applies(MistakeRule r, Set<String> imported) {
        if (r.filesImporting().isEmpty()) {
            return true;
        }
        for (String lib : r.filesImporting()) {
            if (imported.contains(lib)) {
                return true;
            }
        }
        return false;
    }

    private static void add(Map<String, Finding> out, Finding f) {
        out.putIfAbsent(f.ruleId() + ":" + f.line() + ":" + f.column(), f);
    }

    private static List<Finding> sorted(Map<String, Finding> out) {
        List<Finding> l = new ArrayList<>(out.values());
        l.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : a.column() != b.column() ? Integer.compare(a.column(), b.column())
                : a.ruleId().compareTo(b.ruleId()));
        return l;
    }

    private static String fill(String template, Map<String, String> vars) {
        String s = template.strip();
        for (Map.Entry<String, String> e : vars.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        return s;
    }

    /** One match: its pattern index and its captures by name. */
    private record Match(int pattern, Map<String, List<TSNode>> captures) {
        TSNode first(String name) {
            List<TSNode> l = captures.get(name);
            return l == null || l.isEmpty() ? null : l.get(0);
        }
    }

    /** Every match of a compiled query in the file, collected before any is checked (checks run queries). */
    private static List<Match> matches(Compiled c, TSNode root) {
        return matches(c, root, -1, -1);
    }

    /**
     * Every match whose captures all lie within bytes {@code start..end} ({@code -1}: anywhere). The cursor runs on
     * the root with a byte range, not on the captured node: nodes handed out by a query cursor over an owned tree
     * ({@link org.treesitter.AnyscopeTs#parse}) cannot root another query.
     */
    private static List<Match> matches(Compiled c, TSNode root, int start, int end) {
        List<Match> out = new ArrayList<>();
        if (start >= 0) {
            c.cursor.setByteRange(start, end);
        }
        c.cursor.exec(c.query, root);
        if (start >= 0) {
            c.cursor.setByteRange(start, end);
        }
        TSQueryMatch m = new TSQueryMatch();
        next:
        while (c.cursor.nextMatch(m)) {
            Map<String, List<TSNode>> caps = new HashMap<>();
            for (TSQueryCapture cap : m.getCaptures()) {
                TSNode n = cap.getNode();
                if (start >= 0 && (start(n) < start || end(n) > end)) {
                    continue next;
                }
                caps.computeIfAbsent(c.query.getCaptureNameForId(cap.getIndex()), k -> new ArrayList<>()).add(n);
            }
            out.add(new Match(m.getPatternIndex(), caps));
        }
        return out;
    }

    private boolean holds(Compiled c, Match m, Context cx) {
        for (Predicate p : c.predicates.get(m.pattern)) {
            if (!predicate(p, m, cx)) {
                return false;
            }
        }
        for (Map.Entry<String, MistakeRule.Check> e : c.specs.get(m.pattern).where().entrySet()) {
            List<TSNode> nodes = m.captures().get(e.getKey());
            if (nodes == null || nodes.isEmpty()) {
                return false;
            }
            for (TSNode n : nodes) {
                if (!check(e.getValue(), n, cx)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean predicate(Predicate p, Match m, Context cx) {
        List<TSNode> nodes = m.captures().getOrDefault(((CaptureRef) p.args().get(0)).name(), List.of());
        boolean negated = p.name().startsWith("not-");
        for (TSNode n : nodes) {
            String text = cx.file.text(n);
            boolean r = switch (p.name()) {
                case "eq?", "not-eq?" -> text.equals(value(p.args().get(1), m, cx));
                case "match?", "not-match?" -> regexes.get((String) p.args().get(1)).matcher(text).find();
                default -> {
                    boolean any = false;
                    for (Object a : p.args().subList(1, p.args().size())) {
                        any |= text.equals(value(a, m, cx));
                    }
                    yield any;
                }
            };
            if (r == negated) {
                return false;
            }
        }
        return true;
    }

    private static String value(Object arg, Match m, Context cx) {
        if (arg instanceof CaptureRef ref) {
            TSNode n = m.first(ref.name());
            return n == null ? null : cx.file.text(n);
        }
        return (String) arg;
    }

    private boolean check(MistakeRule.Check c, TSNode n, Context cx) {
        String name = null;
        if (cx.file.nodes.type(n).equals("function_definition")) {
            TSNode id = Nodes.field(n, cx.file.nodes.F_NAME);
            name = Nodes.isNull(id) ? null : cx.file.text(id);
        }
        return check(c, start(n), end(n), name, null, cx);
    }

    /**
     * The checks of {@code c} on the bytes {@code s..e} (a capture, a function or the file) named {@code name};
     * {@code fn}: the function they are, when they are one.
     */
    private boolean check(MistakeRule.Check c, int s, int e, String name, Scopes.Def fn, Context cx) {
        // One answer per check and byte range: a function-level or file-level check is asked once per site inside
        // it, and re-running its sub-queries for each would be quadratic (a minified one-line module: minutes).
        Map<Long, Boolean> memo = cx.checked.computeIfAbsent(c, k -> new HashMap<>());
        long key = ((long) s << 32) | (e & 0xffffffffL);
        Boolean known = memo.get(key);
        if (known == null) {
            known = checkRange(c, s, e, name, fn, cx);
            memo.put(key, known);
        }
        return known;
    }

    private boolean checkRange(MistakeRule.Check c, int s, int e, String name, Scopes.Def fn, Context cx) {
        if (c.inAsync() != null) {
            Scopes.Def d = fn != null ? fn : cx.scopes.enclosing(s);
            boolean async = d != null && !d.isClass() && d.isAsync();
            if (async != c.inAsync()) {
                return false;
            }
        }
        if (!c.symbol().isEmpty() && !resolvesTo(c.symbol(), s, e, cx)) {
            return false;
        }
        if (!c.containsSymbol().isEmpty() && !contains(c.containsSymbol(), s, e, cx)) {
            return false;
        }
        if (c.has() != null && !found(c.has(), s, e, cx)) {
            return false;
        }
        if (c.notHas() != null && found(c.notHas(), s, e, cx)) {
            return false;
        }
        if (c.within() != null && !within(c.within(), s, e, cx)) {
            return false;
        }
        if (c.notWithin() != null && within(c.notWithin(), s, e, cx)) {
            return false;
        }
        if (c.namedBy() != null && (name == null || !named(c.namedBy(), cx).contains(name))) {
            return false;
        }
        if (c.function() != null) {
            Scopes.Def d = cx.scopes.function(s);
            if (d == null) {
                return false;
            }
            int from = d.start();
            TSNode def = cx.file.nodeAt(d.start(), d.end());
            for (TSNode p = def; !Nodes.isNull(p); p = cx.file.nodes.parent(p)) {
                String t = cx.file.nodes.type(p);
                if (t.equals("decorated_definition")) {
                    from = Math.min(from, start(p));
                    break;
                }
                if (!t.equals("function_definition")) {
                    break;
                }
            }
            if (!check(c.function(), from, d.end(), d.name(), d, cx)) {
                return false;
            }
        }
        return c.file() == null || check(c.file(), 0, cx.file.b.length, null, null, cx);
    }

    /** The bytes {@code s..e} lie inside a node the sub-pattern captures as {@code @within}. */
    private boolean within(MistakeRule.Pattern p, int s, int e, Context cx) {
        List<int[]> ranges = cx.withinRanges.computeIfAbsent(p,
                k -> captured(k, "within", cx).stream().map(w -> new int[] {start(w), end(w)}).toList());
        for (int[] r : ranges) {
            if (r[0] <= s && e <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /** The texts the sub-pattern captures as {@code @name} anywhere in the file. */
    private Set<String> named(MistakeRule.Pattern p, Context cx) {
        return cx.names.computeIfAbsent(p,
                k -> captured(k, "name", cx).stream().map(cx.file::text).collect(Collectors.toSet()));
    }

    /** The nodes the sub-pattern captures as {@code capture} in those of its matches in the file that hold. */
    private List<TSNode> captured(MistakeRule.Pattern p, String capture, Context cx) {
        List<TSNode> out = new ArrayList<>();
        Compiled c = sub.get(p);
        for (Match m : matches(c, cx.file.root)) {
            if (holds(c, m, cx)) {
                out.addAll(m.captures().getOrDefault(capture, List.of()));
            }
        }
        return out;
    }

    /** A usage fact starts where the node starts, ends within it, and is one of the symbols. */
    private static boolean resolvesTo(List<String> symbols, int s, int e, Context cx) {
        int line = cx.line(s);
        List<Usage> at = cx.usagesAt.get(Context.key(line, cx.col(s)));
        if (at == null) {
            return false;
        }
        int endLine = cx.line(e);
        int endCol = cx.file.src.column(e, endLine);
        for (Usage u : at) {
            boolean within = u.endLine() < endLine || (u.endLine() == endLine && u.endColumn() <= endCol);
            if (within && !u.kind().equals("import") && anySymbol(symbols, u.symbol())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(List<String> symbols, int s, int e, Context cx) {
        int line = cx.line(s);
        int col = cx.col(s);
        int endLine = cx.line(e);
        int endCol = cx.file.src.column(e, endLine);
        for (Usage u : cx.usages) {
            boolean after = u.line() > line || (u.line() == line && u.column() >= col);
            boolean before = u.endLine() < endLine || (u.endLine() == endLine && u.endColumn() <= endCol);
            if (after && before && !u.kind().equals("import") && anySymbol(symbols, u.symbol())) {
                return true;
            }
        }
        return false;
    }

    /** Some symbol of {@code used} is one of {@code symbols}. */
    private static boolean anyUsed(List<String> symbols, Set<String> used) {
        for (String u : used) {
            if (anySymbol(symbols, u)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anySymbol(List<String> symbols, String symbol) {
        for (String p : symbols) {
            if (MistakeRule.symbolMatches(p, symbol)) {
                return true;
            }
        }
        return false;
    }

    private boolean found(MistakeRule.Pattern p, int s, int e, Context cx) {
        Compiled c = sub.get(p);
        for (Match m : matches(c, cx.file.root, s, e)) {
            if (holds(c, m, cx)) {
                return true;
            }
        }
        return false;
    }
}
