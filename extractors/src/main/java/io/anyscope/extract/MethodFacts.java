package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.CatalogEntry;
import org.treesitter.TSNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.namedChild;
import static io.anyscope.extract.Nodes.namedChildCount;
import static io.anyscope.extract.Nodes.start;

/**
 * The derived {@code method} facts of one file: method calls on a value whose type a catalog entry's
 * {@code returns} names, chained while each call returns a known type, and followed through the variable the value is
 * assigned to ({@code x = ...}, {@code self.x = ...}, {@code x = await ...}, {@code with ... as x}) within the same
 * function.
 */
final class MethodFacts {
    /** A variable holding a value of {@code type}, to follow from byte {@code from} to {@code scopeEnd}. */
    private record VarBinding(String name, String type, String alias, int from, int scopeEnd) {
    }

    private final ParsedFile file;
    private final Nodes nodes;
    private final Catalog catalog;
    private final Scopes scopes;
    private final SiteContext context;
    private final UsageFacts usages;
    private final Deque<VarBinding> pendingVars = new ArrayDeque<>();
    private final Set<String> varsDone = new HashSet<>();

    MethodFacts(ParsedFile file, Catalog catalog, Scopes scopes, SiteContext context, UsageFacts usages) {
        this.file = file;
        this.nodes = file.nodes;
        this.catalog = catalog;
        this.scopes = scopes;
        this.context = context;
        this.usages = usages;
    }

    /** The type a symbol's own catalog entry says it returns, or null. */
    String returnsOf(String symbol) {
        if (symbol == null) {
            return null;
        }
        CatalogEntry e = catalog.lookup(symbol).orElse(null);
        return e != null && e.symbol().equals(symbol) ? e.returns() : null;
    }

    /**
     * Follows a value of a known type: method calls on it ({@code value.m(...)}), chained while each call's
     * catalog entry declares what it returns; when the value is assigned, the variable is followed later
     * ({@link #followVariables}).
     */
    void follow(TSNode value, String type, String alias, boolean isVariable) {
        TSNode node = value;
        boolean first = true;
        while (type != null) {
            TSNode p = nodes.parent(node);
            if (isNull(p)) {
                return;
            }
            int nodeStart = start(node);
            if (nodes.type(p).equals("attribute") && start(p) == nodeStart) {
                TSNode attr = field(p, nodes.F_ATTRIBUTE);
                if (isNull(attr)) {
                    return;
                }
                String method = type + "." + file.text(attr);
                TSNode pp = nodes.parent(p);
                boolean call = !isNull(pp) && nodes.type(pp).equals("call")
                        && start(pp) == nodeStart;
                usages.emit(nodeStart, end(p), "method", context.of(call ? pp : p), method, method, alias, true);
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

    private void bindVariable(TSNode value, String type, String alias) {
        TSNode v = value;
        TSNode q = nodes.parent(v);
        if (nodes.type(q).equals("await")) {
            if (catalog.awaitedIsUnknown(type)) {
                return; // x = await loop.run_in_executor(...): x is the function's result, not a Future
            }
            v = q;
            q = nodes.parent(q);
        }
        String qt = nodes.type(q);
        String name = null;
        int from = end(q);
        if (qt.equals("assignment")) {
            TSNode right = field(q, nodes.F_RIGHT);
            TSNode left = field(q, nodes.F_LEFT);
            if (isNull(right) || start(right) != start(v) || isNull(left)) {
                return;
            }
            String lt = nodes.type(left);
            if (lt.equals("identifier") || lt.equals("attribute")) {
                name = file.text(left).replaceAll("\\s+", "");
            }
        } else if (qt.equals("as_pattern") && nodes.type(nodes.parent(q)).equals("with_item")) {
            TSNode target = field(q, nodes.F_ALIAS);
            if (!isNull(target) && namedChildCount(target) == 1
                    && nodes.type(namedChild(target, 0)).equals("identifier")) {
                name = file.text(namedChild(target, 0));
            }
        }
        if (name == null || name.isEmpty()) {
            return;
        }
        int[] scope = scopes.functionRange(start(q));
        pendingVars.add(new VarBinding(name, type, name, from, scope[1]));
    }

    /**
     * Follows every variable bound so far, and those their values are assigned to, in the order they were bound.
     * The variables bound so far are looked up together, in one pass over the file per round (a round follows the
     * variables that the previous round bound): many variables in a big file cost no pass each.
     */
    void followVariables() {
        while (!pendingVars.isEmpty()) {
            List<VarBinding> round = new ArrayList<>(pendingVars);
            pendingVars.clear();
            Set<String> heads = new HashSet<>();
            for (VarBinding v : round) {
                heads.add(head(v.name()));
            }
            heads.remove("");
            Map<String, int[]> starts = file.wordHits(heads);
            for (VarBinding v : round) {
                followVariable(v, starts.get(head(v.name())));
            }
        }
    }

    /**
     * The leading identifier run of a variable's name ({@code self} of {@code self.x}), or "" when none or when the
     * name is not ASCII (then its occurrences are searched in the bytes).
     */
    private static String head(String name) {
        int k = 0;
        while (k < name.length() && ParsedFile.asciiIdentChar(name.charAt(k))) {
            k++;
        }
        for (int j = k; j < name.length(); j++) {
            if (name.charAt(j) >= 0x80) {
                return "";
            }
        }
        return name.substring(0, k);
    }

    /**
     * Next whole-word occurrence of {@code name} in {@code [from, limit)}: among {@code headStarts} (the occurrences
     * of its leading identifier) when given, else by searching the bytes.
     */
    private int nextOccurrence(String name, int[] headStarts, int from, int limit) {
        if (headStarts == null) {
            return file.nextWord(name, from, limit);
        }
        int k = Arrays.binarySearch(headStarts, from);
        for (k = k >= 0 ? k : -k - 1; k < headStarts.length && headStarts[k] < limit; k++) {
            int at = headStarts[k];
            if (file.s.startsWith(name, at) && !file.identChar(at + name.length())) {
                return at;
            }
        }
        return -1;
    }

    private void followVariable(VarBinding v, int[] headStarts) {
        if (!varsDone.add(v.name() + "@" + v.from() + ":" + v.type())) {
            return;
        }
        String name = v.name();
        int len = ParsedFile.spelled(name).length(); // in bytes: a variable's name may be non-ASCII
        int i = v.from();
        while ((i = nextOccurrence(name, headStarts, i, v.scopeEnd())) >= 0) {
            int at = i;
            i += len;
            if (file.afterDot(at)) {
                continue;
            }
            TSNode n = file.nodeAt(at, at + len);
            if (start(n) != at || end(n) != at + len) {
                continue;
            }
            String t = nodes.type(n);
            if (!(t.equals("identifier") || t.equals("attribute"))) {
                continue;
            }
            follow(n, v.type(), v.alias(), true);
        }
    }
}
