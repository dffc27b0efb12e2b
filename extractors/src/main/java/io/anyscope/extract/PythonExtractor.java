package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.CatalogEntry;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;
import org.treesitter.TSTreeCursor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts usage facts about tracked async libraries from one Python file.
 *
 * <p>Not thread-safe: it owns a tree-sitter parser. Use one instance per thread and reuse it for many files.
 *
 * <p>How it stays fast: it never walks the whole tree. It searches the bytes for tracked library names, asks
 * tree-sitter for the node at each hit to find import statements, then searches the bytes for each name those imports
 * bound and inspects only the few nodes around each hit. Everything is iterative: deeply nested code cannot overflow
 * the Java stack.
 *
 * <p>Name resolution is lexical and deliberately simple: a name bound by an import applies in the function (or
 * module) that holds the import, including nested functions; the innermost such import wins. Re-binding a name by
 * assignment is not tracked. Method facts follow a value from a call whose catalog entry declares {@code returns}
 * through assignments ({@code x = ...}, {@code self.x = ...}, {@code x = await ...}, {@code with ... as x}) within
 * the same function.
 */
public final class PythonExtractor {
    private final Catalog catalog;
    private final String[] libraries;
    private final PythonParser parser;

    // Field ids, resolved once (getChildByFieldName resolves the name on every call).
    private final int F_NAME;
    private final int F_ALIAS;
    private final int F_MODULE_NAME;
    private final int F_ATTRIBUTE;
    private final int F_RIGHT;
    private final int F_LEFT;
    private final int F_ARGUMENTS;
    // Node type name and namedness by public symbol id, learned from the first node of each symbol: both are
    // functions of the public symbol (tree-sitter maps symbols to public ones only within the same name and kind),
    // so later nodes cost one JNI call (ts_node_symbol) instead of a string built by JNI.
    private final String[] typeNames = new String[65536];
    private final byte[] namedness = new byte[65536];

    public PythonExtractor(Catalog catalog) {
        this(catalog, new PythonParser());
    }

    /** An extractor parsing through {@code parser} (which its owner may use too, on the same thread). */
    public PythonExtractor(Catalog catalog, PythonParser parser) {
        this.catalog = catalog;
        this.parser = parser;
        this.libraries = catalog.libraries().keySet().toArray(new String[0]);
        F_NAME = parser.fieldId("name");
        F_ALIAS = parser.fieldId("alias");
        F_MODULE_NAME = parser.fieldId("module_name");
        F_ATTRIBUTE = parser.fieldId("attribute");
        F_RIGHT = parser.fieldId("right");
        F_LEFT = parser.fieldId("left");
        F_ARGUMENTS = parser.fieldId("arguments");
    }

    // ---- node access: one JNI call per answer, or none (see AnyscopeTs) ----

    // The same node is often asked its type twice in a row (isLoad, then reference); remember the last two answers.
    // Identity is exact: a node object held here cannot be collected and reused for another node.
    private TSNode memoNode0;
    private TSNode memoNode1;
    private int memoSym0;
    private int memoSym1;

    private int symbol(TSNode n) {
        if (n == memoNode0) {
            return memoSym0;
        }
        if (n == memoNode1) {
            return memoSym1;
        }
        int sym = AnyscopeTs.symbol(n) & 0xffff;
        memoNode1 = memoNode0;
        memoSym1 = memoSym0;
        memoNode0 = n;
        memoSym0 = sym;
        return sym;
    }

    private void forgetNodes() {
        memoNode0 = null;
        memoNode1 = null;
    }

    String type(TSNode n) {
        int sym = symbol(n);
        String t = typeNames[sym];
        if (t == null) {
            t = n.getType();
            typeNames[sym] = t;
        }
        return t;
    }

    boolean named(TSNode n) {
        int sym = symbol(n);
        byte k = namedness[sym];
        if (k == 0) {
            k = n.isNamed() ? (byte) 2 : (byte) 1;
            namedness[sym] = k;
        }
        return k == 2;
    }

    static int start(TSNode n) {
        return AnyscopeTs.startByte(n);
    }

    static int end(TSNode n) {
        return AnyscopeTs.endByte(n);
    }

    static TSNode parent(TSNode n) {
        return AnyscopeTs.parent(n);
    }

    static TSNode child(TSNode n, int i) {
        return AnyscopeTs.child(n, i);
    }

    static int childCount(TSNode n) {
        return AnyscopeTs.childCount(n);
    }

    static TSNode namedChild(TSNode n, int i) {
        return AnyscopeTs.namedChild(n, i);
    }

    static int namedChildCount(TSNode n) {
        return AnyscopeTs.namedChildCount(n);
    }

    static TSNode field(TSNode n, int fieldId) {
        return AnyscopeTs.childByFieldId(n, fieldId);
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * The byte prefilter: true when the raw bytes mention a tracked library name anywhere (code, strings or
     * comments). Files for which it is false cannot contain a fact and are not parsed.
     */
    public boolean mentionsTrackedLibrary(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        for (String lib : libraries) {
            if (s.indexOf(lib) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Extracts facts, applying the prefilter. */
    public FileResult extract(String path, byte[] raw) {
        return extract(path, raw, true);
    }

    /** Extracts facts; with {@code prefilter} false every file is parsed (benchmarks compare both). */
    public FileResult extract(String path, byte[] raw, boolean prefilter) {
        if (prefilter && !mentionsTrackedLibrary(raw)) {
            FileSummary s = new FileSummary(path, FileKinds.PYTHON, raw.length, countLines(raw), null, false, true,
                    null, null, null, null, null, 0, 0);
            return new FileResult(s, List.of(), List.of());
        }
        SourceText src = SourceText.decode(raw);
        byte[] b = src.bytes();
        FileWalk w;
        // The native tree is freed as soon as the walk is done (not when the GC gets to it): bounded memory.
        try (AnyscopeTs.Tree tree = parser.parse(b)) {
            if (tree == null) {
                throw new IllegalStateException("tree-sitter returned no tree for " + path);
            }
            w = new FileWalk(src, tree.root());
            try {
                w.run();
            } finally {
                forgetNodes();
            }
        }
        FileSummary s = new FileSummary(path, FileKinds.PYTHON, raw.length, src.lineCount(), src.encoding(),
                src.decodeError(), false, w.parseErrors, w.asyncDefs, w.awaits, w.asyncWiths, w.asyncFors,
                w.usages.size(), w.configFacts.size());
        return new FileResult(s, w.usages, w.configFacts);
    }

    /** Python line count of raw bytes without decoding (CRLF, LF and lone CR end lines). */
    static int countLines(byte[] b) {
        int n = 0;
        int start = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < b.length; i++) {
            if (b[i] == '\n') {
                n++;
            } else if (b[i] == '\r') {
                if (i + 1 < b.length && b[i + 1] == '\n') {
                    i++;
                }
                n++;
            }
        }
        if (b.length > start && b[b.length - 1] != '\n' && b[b.length - 1] != '\r') {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------------------

    private record Binding(String name, String qualified, int scopeStart, int scopeEnd) {
    }

    private record VarBinding(String name, String type, String alias, int from, int scopeEnd) {
    }

    private record Def(int start, int end, String name, boolean isClass, boolean isAsync, String qualname) {
    }

    /** Per-file state. */
    private final class FileWalk {
        final SourceText src;
        final byte[] b;
        final String s;
        final TSNode root;
        final List<Usage> usages = new ArrayList<>();
        final List<ConfigFact> configFacts = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final Set<Integer> importsDone = new HashSet<>();
        final List<int[]> importRanges = new ArrayList<>();
        final Map<String, List<Binding>> bindings = new LinkedHashMap<>();
        final Map<Integer, TSNode> identifierAt = new HashMap<>();
        final Map<Integer, TSNode> parentAt = new HashMap<>();
        final Deque<VarBinding> pendingVars = new ArrayDeque<>();
        final Set<String> varsDone = new HashSet<>();
        List<Def> defs;
        Integer parseErrors;
        int asyncDefs;
        int awaits;
        int asyncWiths;
        int asyncFors;

        FileWalk(SourceText src, TSNode root) {
            this.src = src;
            this.b = src.bytes();
            this.s = src.latin1();
            this.root = root;
        }

        void run() {
            findImports();
            findReferences();
            while (!pendingVars.isEmpty()) {
                followVariable(pendingVars.pop());
            }
            findFixtures();
            countKeywords();
            parseErrors = countErrors();
            usages.sort(Comparator.comparingInt(Usage::line).thenComparingInt(Usage::column)
                    .thenComparing(Usage::kind).thenComparing(Usage::symbol));
        }

        // ---- byte search helpers ----

        boolean identChar(int i) {
            if (i < 0 || i >= b.length) {
                return false;
            }
            int c = b[i] & 0xff;
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        }

        /** Next whole-word occurrence of {@code word} at or after {@code from}, or -1. */
        int nextWord(String word, int from, int limit) {
            int i = from;
            while ((i = s.indexOf(word, i)) >= 0 && i < limit) {
                if (!identChar(i - 1) && !identChar(i + word.length())) {
                    return i;
                }
                i += 1;
            }
            return -1;
        }

        TSNode nodeAt(int start, int end) {
            return AnyscopeTs.descendantForByteRange(root, start, end);
        }

        String text(TSNode n) {
            return src.text(start(n), end(n));
        }

        boolean inImport(int offset) {
            for (int[] r : importRanges) {
                if (offset >= r[0] && offset < r[1]) {
                    return true;
                }
            }
            return false;
        }

        /** Dotted text of a dotted_name, built from its identifiers (ignores whitespace and line continuations). */
        String dotted(TSNode n) {
            if (type(n).equals("identifier")) {
                return text(n);
            }
            StringBuilder sb = new StringBuilder();
            int c = namedChildCount(n);
            for (int i = 0; i < c; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(text(namedChild(n, i)));
            }
            return sb.toString();
        }

        // ---- scopes ----

        List<Def> defs() {
            if (defs != null) {
                return defs;
            }
            List<Def> raw = new ArrayList<>();
            for (String kw : new String[] {"def", "class"}) {
                int i = 0;
                while ((i = nextWord(kw, i, b.length)) >= 0) {
                    TSNode tok = nodeAt(i, i + kw.length());
                    i += kw.length();
                    if (!type(tok).equals(kw) || start(tok) != i - kw.length()) {
                        continue;
                    }
                    TSNode def = parent(tok);
                    String t = type(def);
                    if (!(t.equals("function_definition") || t.equals("class_definition"))) {
                        continue;
                    }
                    TSNode name = field(def, F_NAME);
                    boolean async = kw.equals("def") && type(child(def, 0)).equals("async");
                    raw.add(new Def(start(def), end(def), AnyscopeTs.isNull(name) ? "?" : text(name),
                            kw.equals("class"), async, null));
                }
            }
            raw.sort(Comparator.comparingInt(Def::start));
            List<Def> out = new ArrayList<>(raw.size());
            Deque<Def> stack = new ArrayDeque<>();
            for (Def d : raw) {
                while (!stack.isEmpty() && stack.peek().end() <= d.start()) {
                    stack.pop();
                }
                Def parent = stack.peek();
                String q = parent == null ? d.name()
                        : parent.qualname() + (parent.isClass() ? "." : ".<locals>.") + d.name();
                Def full = new Def(d.start(), d.end(), d.name(), d.isClass(), d.isAsync(), q);
                out.add(full);
                stack.push(full);
            }
            defs = out;
            return out;
        }

        /** Innermost def (function or class) containing the offset, or null at module level. */
        Def enclosing(int offset) {
            Def best = null;
            for (Def d : defs()) {
                if (d.start() > offset) {
                    break;
                }
                if (offset < d.end()) {
                    best = d;
                }
            }
            return best;
        }

        /** Innermost function containing the offset (classes do not scope imports the same way; good enough). */
        int[] functionRange(int offset) {
            Def best = null;
            for (Def d : defs()) {
                if (d.start() > offset) {
                    break;
                }
                if (offset < d.end() && !d.isClass()) {
                    best = d;
                }
            }
            return best == null ? new int[] {0, b.length} : new int[] {best.start(), best.end()};
        }

        // ---- imports ----

        void findImports() {
            for (String lib : libraries) {
                int i = 0;
                while ((i = nextWord(lib, i, b.length)) >= 0) {
                    int at = i;
                    i += lib.length();
                    if (at > 0 && b[at - 1] == '.') {
                        maybeMarker(at, lib);
                        continue;
                    }
                    TSNode n = nodeAt(at, at + lib.length());
                    if (!type(n).equals("identifier") || start(n) != at) {
                        continue;
                    }
                    identifierAt.put(at, n);
                    TSNode p = parent(n);
                    parentAt.put(at, p);
                    for (int k = 0; k < 4 && !AnyscopeTs.isNull(p); k++) {
                        String t = type(p);
                        if (t.equals("import_statement") || t.equals("import_from_statement")) {
                            if (importsDone.add(start(p))) {
                                processImport(p, t);
                            }
                            break;
                        }
                        if (!(t.equals("dotted_name") || t.equals("aliased_import"))) {
                            break;
                        }
                        p = parent(p);
                    }
                }
            }
        }

        void processImport(TSNode stmt, String type) {
            int start = start(stmt);
            importRanges.add(new int[] {start, end(stmt)});
            int[] scope = functionRange(start);
            int count = childCount(stmt);
            if (type.equals("import_statement")) {
                for (int i = 0; i < count; i++) {
                    if (!"name".equals(AnyscopeTs.fieldNameForChild(stmt, i))) {
                        continue;
                    }
                    TSNode c = child(stmt, i);
                    if (type(c).equals("aliased_import")) {
                        TSNode nameNode = field(c, F_NAME);
                        String mod = dotted(nameNode);
                        if (!catalog.tracks(mod)) {
                            continue;
                        }
                        String alias = text(field(c, F_ALIAS));
                        emitImport(c, mod, alias);
                        bind(alias, mod, scope);
                    } else {
                        String mod = dotted(c);
                        if (!catalog.tracks(mod)) {
                            continue;
                        }
                        emitImport(c, mod, mod);
                        String top = mod.contains(".") ? mod.substring(0, mod.indexOf('.')) : mod;
                        bind(top, top, scope);
                    }
                }
                return;
            }
            TSNode modNode = field(stmt, F_MODULE_NAME);
            if (AnyscopeTs.isNull(modNode) || !type(modNode).equals("dotted_name")) {
                return; // relative import: not a tracked library
            }
            String mod = dotted(modNode);
            if (!catalog.tracks(mod)) {
                return;
            }
            for (int i = 0; i < count; i++) {
                TSNode c = child(stmt, i);
                String field = AnyscopeTs.fieldNameForChild(stmt, i);
                if (type(c).equals("wildcard_import")) {
                    emitImport(c, mod + ".*", "*");
                    for (String member : catalog.membersOf(mod)) {
                        bind(member, mod + "." + member, scope);
                    }
                    continue;
                }
                if (!"name".equals(field)) {
                    continue;
                }
                if (type(c).equals("aliased_import")) {
                    String name = dotted(field(c, F_NAME));
                    String alias = text(field(c, F_ALIAS));
                    emitImport(c, mod + "." + name, alias);
                    bind(alias, mod + "." + name, scope);
                } else {
                    String name = dotted(c);
                    emitImport(c, mod + "." + name, name);
                    bind(name, mod + "." + name, scope);
                }
            }
        }

        void bind(String name, String qualified, int[] scope) {
            bindings.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(new Binding(name, qualified, scope[0], scope[1]));
        }

        Binding resolve(String name, int offset) {
            Binding best = null;
            for (Binding bd : bindings.get(name)) {
                if (offset >= bd.scopeStart() && offset < bd.scopeEnd()
                        && (best == null || bd.scopeStart() >= best.scopeStart())) {
                    best = bd;
                }
            }
            return best;
        }

        void emitImport(TSNode n, String symbol, String alias) {
            String lookup = symbol.endsWith(".*") ? symbol.substring(0, symbol.length() - 2) : symbol;
            emit(start(n), end(n), "import", "other", symbol, lookup, alias, false);
        }

        // ---- references ----

        void findReferences() {
            for (Map.Entry<String, List<Binding>> e : bindings.entrySet()) {
                String name = e.getKey();
                int i = 0;
                while ((i = nextWord(name, i, b.length)) >= 0) {
                    int at = i;
                    i += name.length();
                    if (at > 0 && b[at - 1] == '.') {
                        continue;
                    }
                    if (inImport(at)) {
                        continue;
                    }
                    TSNode n = identifierAt.get(at);
                    if (n == null) {
                        n = nodeAt(at, at + name.length());
                        if (!type(n).equals("identifier") || start(n) != at) {
                            continue;
                        }
                    }
                    Binding bd = resolve(name, at);
                    if (bd == null) {
                        continue;
                    }
                    TSNode parent = parentAt.get(at);
                    if (parent == null) {
                        parent = parent(n);
                    }
                    if (!isLoad(n, at, parent)) {
                        continue;
                    }
                    reference(n, at, parent, bd);
                }
            }
        }

        boolean isLoad(TSNode n, int at, TSNode p) {
            if (AnyscopeTs.isNull(p)) {
                return true;
            }
            switch (type(p)) {
                case "attribute":
                case "keyword_argument":
                case "default_parameter":
                case "typed_default_parameter":
                case "typed_parameter":
                case "assignment":
                case "augmented_assignment":
                case "named_expression":
                    // The object of an attribute / the value of the others; their first child is the "store" side.
                    return type(p).equals("attribute") ? start(p) == at : start(p) != at;
                case "function_definition":
                case "class_definition":
                case "parameters":
                case "lambda_parameters":
                case "global_statement":
                case "nonlocal_statement":
                case "as_pattern_target":
                case "aliased_import":
                case "import_statement":
                case "import_from_statement":
                case "pattern_list":
                case "tuple_pattern":
                case "keyword_pattern":
                case "list_splat_pattern":
                case "dictionary_splat_pattern":
                    return false;
                default:
                    return true;
            }
        }

        void reference(TSNode n, int at, TSNode parent, Binding bd) {
            String symbol = bd.qualified();
            TSNode cur = n;
            TSNode p = parent;
            if (type(p).equals("dotted_name")) {
                // match-statement class patterns: case asyncio.Event(): ...
                if (start(p) != at) {
                    return;
                }
                int c = namedChildCount(p);
                StringBuilder sb = new StringBuilder(symbol);
                for (int i = 1; i < c; i++) {
                    sb.append('.').append(text(namedChild(p, i)));
                }
                symbol = sb.toString();
                cur = p;
                p = parent(p);
            } else {
                while (type(p).equals("attribute") && start(p) == at) {
                    TSNode attr = field(p, F_ATTRIBUTE);
                    if (AnyscopeTs.isNull(attr)) {
                        break;
                    }
                    symbol = symbol + "." + text(attr);
                    cur = p;
                    p = parent(p);
                }
            }
            boolean call = type(p).equals("call") && start(p) == at;
            TSNode top = call ? p : cur;
            emit(at, end(cur), call ? "call" : "access", context(top), symbol, symbol, bd.name(), false);
            if (call) {
                follow(top, returnsOf(symbol), bd.name(), false);
            }
        }

        String returnsOf(String symbol) {
            if (symbol == null) {
                return null;
            }
            CatalogEntry e = catalog.lookup(symbol).orElse(null);
            return e != null && e.symbol().equals(symbol) ? e.returns() : null;
        }

        /**
         * Follows a value of a known type: method calls on it ({@code value.m(...)}), chained while each call's
         * catalog entry declares what it returns; when the value is assigned, the variable is followed later.
         */
        void follow(TSNode value, String type, String alias, boolean isVariable) {
            TSNode node = value;
            boolean first = true;
            while (type != null) {
                TSNode p = parent(node);
                if (AnyscopeTs.isNull(p)) {
                    return;
                }
                int nodeStart = start(node);
                if (type(p).equals("attribute") && start(p) == nodeStart) {
                    TSNode attr = field(p, F_ATTRIBUTE);
                    if (AnyscopeTs.isNull(attr)) {
                        return;
                    }
                    String method = type + "." + text(attr);
                    TSNode pp = parent(p);
                    boolean call = !AnyscopeTs.isNull(pp) && type(pp).equals("call")
                            && start(pp) == nodeStart;
                    emit(nodeStart, end(p), "method", context(call ? pp : p), method, method, alias, true);
                    if (!call) {
                        return;
                    }
                    type = returnsOf(method);
                    node = pp;
                    first = false;
                } else {
                    if (!(isVariable && first)) {
                        bindVariable(node, type, alias);
                    }
                    return;
                }
            }
        }

        void bindVariable(TSNode value, String type, String alias) {
            TSNode v = value;
            TSNode q = parent(v);
            if (type(q).equals("await")) {
                v = q;
                q = parent(q);
            }
            String qt = type(q);
            String name = null;
            int from = end(q);
            if (qt.equals("assignment")) {
                TSNode right = field(q, F_RIGHT);
                TSNode left = field(q, F_LEFT);
                if (AnyscopeTs.isNull(right) || start(right) != start(v) || AnyscopeTs.isNull(left)) {
                    return;
                }
                String lt = type(left);
                if (lt.equals("identifier") || lt.equals("attribute")) {
                    name = text(left).replaceAll("\\s+", "");
                }
            } else if (qt.equals("as_pattern") && type(parent(q)).equals("with_item")) {
                TSNode target = field(q, F_ALIAS);
                if (!AnyscopeTs.isNull(target) && namedChildCount(target) == 1
                        && type(namedChild(target, 0)).equals("identifier")) {
                    name = text(namedChild(target, 0));
                }
            }
            if (name == null || name.isEmpty()) {
                return;
            }
            int[] scope = functionRange(start(q));
            pendingVars.add(new VarBinding(name, type, name, from, scope[1]));
        }

        void followVariable(VarBinding v) {
            if (!varsDone.add(v.name() + "@" + v.from() + ":" + v.type())) {
                return;
            }
            String name = v.name();
            int i = v.from();
            while ((i = nextWord(name, i, v.scopeEnd())) >= 0) {
                int at = i;
                i += name.length();
                if (at > 0 && b[at - 1] == '.') {
                    continue;
                }
                TSNode n = nodeAt(at, at + name.length());
                if (start(n) != at || end(n) != at + name.length()) {
                    continue;
                }
                String t = type(n);
                if (!(t.equals("identifier") || t.equals("attribute"))) {
                    continue;
                }
                follow(n, v.type(), v.alias(), true);
            }
        }

        // ---- context ----

        String context(TSNode top) {
            TSNode p = parent(top);
            if (AnyscopeTs.isNull(p)) {
                return "other";
            }
            String t = type(p);
            switch (t) {
                case "await":
                    return "await";
                case "decorator":
                    return "decorator";
                case "with_item":
                    return withKind(p);
                case "type":
                    return "annotation";
                case "except_clause":
                case "except_group_clause":
                    return "except";
                case "argument_list": {
                    TSNode pp = parent(p);
                    return !AnyscopeTs.isNull(pp) && type(pp).equals("class_definition") ? "base_class"
                            : "other";
                }
                default:
                    break;
            }
            // A few transparent wrappers: except (A, B) as e / with (a() as x): / X | asyncio.Y annotations.
            TSNode q = p;
            for (int k = 0; k < 4 && !AnyscopeTs.isNull(q); k++) {
                String qt = type(q);
                switch (qt) {
                    case "tuple":
                    case "parenthesized_expression":
                    case "as_pattern":
                    case "binary_operator":
                    case "generic_type":
                    case "type_parameter":
                    case "subscript":
                        q = parent(q);
                        continue;
                    case "except_clause":
                    case "except_group_clause":
                        return "except";
                    case "with_item":
                        return withKind(q);
                    case "type":
                        return "annotation";
                    default:
                        return "other";
                }
            }
            return "other";
        }

        String withKind(TSNode withItem) {
            TSNode clause = parent(withItem);
            TSNode stmt = AnyscopeTs.isNull(clause) ? null : parent(clause);
            if (!AnyscopeTs.isNull(stmt) && type(stmt).equals("with_statement")
                    && type(child(stmt, 0)).equals("async")) {
                return "async_with";
            }
            return "with";
        }

        // ---- emission ----

        void emit(int start, int end, String kind, String context, String symbol, String lookupSymbol, String alias,
                  boolean derived) {
            int line = src.line(start);
            int col = src.column(start);
            if (!seen.add(line + ":" + col + ":" + kind + ":" + symbol)) {
                return;
            }
            CatalogEntry e = catalog.lookup(lookupSymbol).orElse(null);
            Def d = enclosing(start);
            String scope = d == null ? "" : d.qualname();
            boolean inAsync = d != null && !d.isClass() && d.isAsync();
            int dot = symbol.indexOf('.');
            String library = dot < 0 ? symbol : symbol.substring(0, dot);
            usages.add(new Usage(line, col, src.line(end), src.column(end), kind, context, library, symbol, alias,
                    scope, inAsync, derived, src.lineText(line, Usage.MAX_SOURCE_LINE),
                    e == null ? null : e.id(), e == null ? Catalog.UNCATALOGUED : e.category(),
                    e == null ? null : e.anyio(), e == null ? null : e.effort(), e == null ? null : e.risk()));
        }

        // ---- test markers and fixtures ----

        void maybeMarker(int at, String lib) {
            if (at < 5 || !s.startsWith("mark.", at - 5)) {
                return;
            }
            TSNode n = nodeAt(at, at + lib.length());
            if (!type(n).equals("identifier")) {
                return;
            }
            TSNode attr = parent(n);
            if (AnyscopeTs.isNull(attr) || !type(attr).equals("attribute")) {
                return;
            }
            String full = text(attr).replaceAll("\\s+", "");
            if (!(full.equals("pytest.mark." + lib) || full.equals("mark." + lib))) {
                return;
            }
            TSNode p = parent(attr);
            String value = "";
            if (type(p).equals("call") && start(p) == start(attr)) {
                TSNode args = field(p, F_ARGUMENTS);
                if (!AnyscopeTs.isNull(args)) {
                    String a = text(args);
                    value = a.substring(1, Math.max(1, a.length() - 1)).strip();
                }
            }
            configFacts.add(new ConfigFact("test_marker", "pytest.mark." + lib, value, "code", src.line(at)));
        }

        void findFixtures() {
            String name = "anyio_backend";
            int i = 0;
            while ((i = nextWord(name, i, b.length)) >= 0) {
                int at = i;
                i += name.length();
                TSNode n = nodeAt(at, at + name.length());
                if (!type(n).equals("identifier")) {
                    continue;
                }
                TSNode p = parent(n);
                if (type(p).equals("function_definition")) {
                    configFacts.add(new ConfigFact("fixture", name, "", "code", src.line(at)));
                }
            }
        }

        // ---- per-file counts ----

        void countKeywords() {
            int i = 0;
            while ((i = nextWord("await", i, b.length)) >= 0) {
                TSNode n = nodeAt(i, i + 5);
                if (type(n).equals("await") && !named(n)) {
                    awaits++;
                }
                i += 5;
            }
            i = 0;
            while ((i = nextWord("async", i, b.length)) >= 0) {
                TSNode n = nodeAt(i, i + 5);
                i += 5;
                if (!type(n).equals("async") || named(n)) {
                    continue;
                }
                switch (type(parent(n))) {
                    case "function_definition":
                        asyncDefs++;
                        break;
                    case "with_statement":
                        asyncWiths++;
                        break;
                    case "for_statement":
                    case "for_in_clause":
                        asyncFors++;
                        break;
                    default:
                        break;
                }
            }
        }

        /** ERROR and MISSING nodes, visiting only subtrees that contain an error (iteratively). */
        int countErrors() {
            if (!AnyscopeTs.hasError(root)) {
                return 0;
            }
            int errors = 0;
            TSTreeCursor c = new TSTreeCursor(root);
            boolean descend = true;
            while (true) {
                TSNode n = c.currentNode();
                if (descend) {
                    if (AnyscopeTs.isError(n) || AnyscopeTs.isMissing(n)) {
                        errors++;
                    }
                    if (AnyscopeTs.hasError(n) && c.gotoFirstChild()) {
                        continue;
                    }
                }
                if (c.gotoNextSibling()) {
                    descend = true;
                    continue;
                }
                if (!c.gotoParent()) {
                    break;
                }
                descend = false;
            }
            return errors;
        }
    }
}
