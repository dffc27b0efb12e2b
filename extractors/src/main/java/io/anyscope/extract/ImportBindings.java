package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.anyscope.extract.Nodes.child;
import static io.anyscope.extract.Nodes.childCount;
import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.start;

/**
 * The imports of tracked libraries in one file: found from the byte hits of each library name, emitted as import
 * facts, and kept as bindings (local name to qualified symbol, within the function or module that holds the import;
 * the innermost wins).
 */
final class ImportBindings {
    /**
     * A local name bound by an import to a qualified symbol, within byte range {@code scopeStart..scopeEnd}; for a
     * name imported from a module that may be a compatibility layer, {@code proxy} says which and {@code qualified}
     * is null.
     */
    record Binding(String name, String qualified, int scopeStart, int scopeEnd, Proxy proxy) {
    }

    /**
     * A name imported from a project's module that may re-export a tracked library ({@code from rollouts.aio import
     * create_task_group}): the module as written, the imported name, and the tracked symbols of that name.
     */
    record Proxy(String module, String name, List<String> symbols) {
    }

    /** Receives a library name's byte hit right after a dot ({@code pytest.mark.anyio}), which is no import. */
    interface DottedHit {
        void at(int offset, String library);
    }

    private final ParsedFile file;
    private final Nodes nodes;
    private final Scopes scopes;
    private final Catalog catalog;
    private final UsageFacts usages;
    private final Set<Integer> importsDone = new HashSet<>();
    private final List<int[]> importRanges = new ArrayList<>();
    private boolean importRangesSorted = true;
    private final Map<String, List<Binding>> bindings = new LinkedHashMap<>();
    // Per name, per scope (start << 32 | end): the index in bindings.get(name) of the last binding in that scope.
    private final Map<String, Map<Long, Integer>> lastInScope = new HashMap<>();
    // Per library name: the scopes (start << 32 | end) in which any import, tracked or not, binds it.
    private final Map<String, Set<Long>> importBound = new HashMap<>();
    // Per library name: the offsets of its identifier hits outside import statements, ascending.
    private final Map<String, List<Integer>> outsideImports = new LinkedHashMap<>();
    // The identifier (and its parent) at a library name's offset, kept for the reference pass.
    private final Map<Integer, TSNode> identifierAt = new HashMap<>();
    private final Map<Integer, TSNode> parentAt = new HashMap<>();

    ImportBindings(ParsedFile file, Scopes scopes, Catalog catalog, UsageFacts usages) {
        this.file = file;
        this.nodes = file.nodes;
        this.scopes = scopes;
        this.catalog = catalog;
        this.usages = usages;
    }

    /**
     * Visits every whole-word hit of each library name (all found in one pass over the file): imports are
     * processed, hits after a dot handed on.
     */
    void find(String[] libraries, DottedHit dotted) {
        Map<String, int[]> hits = file.wordHits(Arrays.asList(libraries));
        for (String lib : libraries) {
            for (int at : hits.get(lib)) {
                if (file.afterDot(at)) {
                    dotted.at(at, lib);
                    continue;
                }
                TSNode n = file.nodeAt(at, at + lib.length());
                if (!nodes.type(n).equals("identifier") || start(n) != at) {
                    continue;
                }
                identifierAt.put(at, n);
                TSNode p = nodes.parent(n);
                parentAt.put(at, p);
                boolean inImport = false;
                for (int k = 0; k < 4 && !isNull(p); k++) {
                    String t = nodes.type(p);
                    if (t.equals("import_statement") || t.equals("import_from_statement")) {
                        if (importsDone.add(start(p))) {
                            processImport(p, t);
                        }
                        if (bindsByImport(n, p)) {
                            importBound.computeIfAbsent(lib, x -> new HashSet<>())
                                    .add(scopeKey(scopes.functionRange(at)));
                        }
                        inImport = true;
                        break;
                    }
                    if (!(t.equals("dotted_name") || t.equals("aliased_import") || t.equals("relative_import"))) {
                        break;
                    }
                    p = nodes.parent(p);
                }
                if (!inImport) {
                    outsideImports.computeIfAbsent(lib, x -> new ArrayList<>()).add(at);
                }
            }
        }
    }

    /**
     * True when import statement {@code stmt} binds the identifier {@code n} as a local name, whatever module it
     * imports: the alias of an aliased import, the first name of {@code import a.b}, a name of
     * {@code from m import name}; not the module of a from-import nor a later part of a dotted name.
     */
    private boolean bindsByImport(TSNode n, TSNode stmt) {
        TSNode p = nodes.parent(n);
        String pt = nodes.type(p);
        if (pt.equals("aliased_import")) {
            TSNode alias = field(p, nodes.F_ALIAS);
            return !isNull(alias) && start(alias) == start(n);
        }
        if (!pt.equals("dotted_name") || start(p) != start(n)) {
            return false;
        }
        TSNode q = nodes.parent(p);
        if (isNull(q) || start(q) != start(stmt) || end(q) != end(stmt)) {
            return false; // inside an aliased import (the alias binds) or a relative import (a module)
        }
        if (nodes.type(stmt).equals("import_statement")) {
            return true;
        }
        TSNode module = field(stmt, nodes.F_MODULE_NAME);
        return isNull(module) || start(module) != start(p);
    }

    private void processImport(TSNode stmt, String type) {
        int start = start(stmt);
        importRanges.add(new int[] {start, end(stmt)});
        importRangesSorted = false;
        int[] scope = scopes.functionRange(start);
        int count = childCount(stmt);
        if (type.equals("import_statement")) {
            for (int i = 0; i < count; i++) {
                if (!"name".equals(AnyscopeTs.fieldNameForChild(stmt, i))) {
                    continue;
                }
                TSNode c = child(stmt, i);
                if (nodes.type(c).equals("aliased_import")) {
                    TSNode nameNode = field(c, nodes.F_NAME);
                    String mod = file.dotted(nameNode);
                    if (!catalog.tracks(mod)) {
                        continue;
                    }
                    String alias = file.text(field(c, nodes.F_ALIAS));
                    emitImport(c, mod, alias);
                    bind(alias, mod, scope);
                } else {
                    String mod = file.dotted(c);
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
        TSNode modNode = field(stmt, nodes.F_MODULE_NAME);
        if (isNull(modNode) || !nodes.type(modNode).equals("dotted_name")) {
            return; // relative import: not a tracked library
        }
        String mod = file.dotted(modNode);
        if (!catalog.tracks(mod)) {
            return;
        }
        for (int i = 0; i < count; i++) {
            TSNode c = child(stmt, i);
            String field = AnyscopeTs.fieldNameForChild(stmt, i);
            if (nodes.type(c).equals("wildcard_import")) {
                emitImport(c, mod + ".*", "*");
                for (String member : catalog.membersOf(mod)) {
                    bind(member, mod + "." + member, scope);
                }
                continue;
            }
            if (!"name".equals(field)) {
                continue;
            }
            if (nodes.type(c).equals("aliased_import")) {
                String name = file.dotted(field(c, nodes.F_NAME));
                String alias = file.text(field(c, nodes.F_ALIAS));
                emitImport(c, mod + "." + name, alias);
                bind(alias, mod + "." + name, scope);
            } else {
                String name = file.dotted(c);
                emitImport(c, mod + "." + name, name);
                bind(name, mod + "." + name, scope);
            }
        }
    }

    private void bind(String name, String qualified, int[] scope) {
        bind(name, qualified, scope, null);
    }

    /** Binds {@code name} to a name imported from a module that may be a compatibility layer. */
    void bindProxy(String name, Proxy proxy, int[] scope) {
        bind(name, null, scope, proxy);
    }

    private void bind(String name, String qualified, int[] scope, Proxy proxy) {
        List<Binding> list = bindings.computeIfAbsent(name, k -> new ArrayList<>());
        list.add(new Binding(name, qualified, scope[0], scope[1], proxy));
        lastInScope.computeIfAbsent(name, k -> new HashMap<>()).put(scopeKey(scope[0], scope[1]), list.size() - 1);
    }

    private static long scopeKey(int[] range) {
        return scopeKey(range[0], range[1]);
    }

    private static long scopeKey(int start, int end) {
        return ((long) start << 32) | (end & 0xffffffffL);
    }

    private void emitImport(TSNode n, String symbol, String alias) {
        String lookup = symbol.endsWith(".*") ? symbol.substring(0, symbol.length() - 2) : symbol;
        usages.emit(start(n), end(n), "import", "other", symbol, lookup, alias, false);
    }

    /** The bound local names, in the order they were first bound. */
    Set<String> names() {
        return bindings.keySet();
    }

    /**
     * The binding of {@code name} in force at {@code offset}, or null: of the bindings whose scope holds the offset,
     * the one with the innermost (latest-starting) scope, the last bound on a tie. Only the scopes holding the
     * offset are looked up (its enclosing functions and the module), not every binding of the name.
     */
    Binding resolve(String name, int offset) {
        List<Binding> list = bindings.get(name);
        Map<Long, Integer> byScope = lastInScope.get(name);
        if (list == null) {
            return null;
        }
        int best = -1;
        for (int[] r : scopes.functionRanges(offset)) {
            Integer k = byScope.get(scopeKey(r[0], r[1]));
            if (k == null) {
                continue;
            }
            Binding bd = list.get(k);
            if (best < 0 || bd.scopeStart() > list.get(best).scopeStart()
                    || (bd.scopeStart() == list.get(best).scopeStart() && k > best)) {
                best = k;
            }
        }
        return best < 0 ? null : list.get(best);
    }

    /** True when the offset lies inside an import statement of a tracked library (statements do not overlap). */
    boolean inImport(int offset) {
        if (!importRangesSorted) {
            importRanges.sort((a, b) -> Integer.compare(a[0], b[0]));
            importRangesSorted = true;
        }
        int lo = 0;
        int hi = importRanges.size() - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (importRanges.get(mid)[0] <= offset) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return last >= 0 && offset < importRanges.get(last)[1];
    }

    /** Per library name, the offsets of its identifier hits outside import statements (for {@link UnboundNames}). */
    Map<String, List<Integer>> hitsOutsideImports() {
        return outsideImports;
    }

    /** True when some import (of any module) binds {@code name} in the function or module range {@code range}. */
    boolean importBinds(String name, int[] range) {
        Set<Long> s = importBound.get(name);
        return s != null && s.contains(scopeKey(range));
    }

    /** The identifier node found at a library name's offset during {@link #find}, or null. */
    TSNode identifierAt(int offset) {
        return identifierAt.get(offset);
    }

    /** The parent of {@link #identifierAt}, or null. */
    TSNode parentAt(int offset) {
        return parentAt.get(offset);
    }
}
