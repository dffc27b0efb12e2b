package io.anyscope.extract;

import org.treesitter.TSNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import static io.anyscope.extract.Nodes.child;
import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.start;

/**
 * The functions and classes of one file, with their qualified names ({@code Outer.f.<locals>.g}), found from the
 * {@code def} and {@code class} keywords on first use: which one holds a byte offset.
 */
final class Scopes {
    /** A function or class definition: its byte range, name, kind and qualified name. */
    record Def(int start, int end, String name, boolean isClass, boolean isAsync, String qualname) {
    }

    private final ParsedFile file;
    private List<Def> defs;
    // defStarts[i] = defs.get(i).start(); parents[i] = index of the def holding def i, or -1.
    private int[] defStarts;
    private int[] parents;

    Scopes(ParsedFile file) {
        this.file = file;
    }

    /** Every definition, ordered by start offset. */
    List<Def> defs() {
        if (defs != null) {
            return defs;
        }
        Nodes nodes = file.nodes;
        List<Def> raw = new ArrayList<>();
        for (String kw : new String[] {"def", "class"}) {
            int i = 0;
            while ((i = file.nextWord(kw, i, file.length())) >= 0) {
                TSNode tok = file.nodeAt(i, i + kw.length());
                i += kw.length();
                if (!nodes.type(tok).equals(kw) || start(tok) != i - kw.length()) {
                    continue;
                }
                TSNode def = nodes.parent(tok);
                String t = nodes.type(def);
                if (!(t.equals("function_definition") || t.equals("class_definition"))) {
                    continue;
                }
                TSNode name = field(def, nodes.F_NAME);
                boolean async = kw.equals("def") && nodes.type(child(def, 0)).equals("async");
                raw.add(new Def(start(def), end(def), isNull(name) ? "?" : file.text(name),
                        kw.equals("class"), async, null));
            }
        }
        raw.sort(Comparator.comparingInt(Def::start));
        List<Def> out = new ArrayList<>(raw.size());
        int[] starts = new int[raw.size()];
        int[] up = new int[raw.size()];
        Deque<Integer> stack = new ArrayDeque<>();
        for (Def d : raw) {
            while (!stack.isEmpty() && out.get(stack.peek()).end() <= d.start()) {
                stack.pop();
            }
            Def parent = stack.isEmpty() ? null : out.get(stack.peek());
            String q = parent == null ? d.name()
                    : parent.qualname() + (parent.isClass() ? "." : ".<locals>.") + d.name();
            Def full = new Def(d.start(), d.end(), d.name(), d.isClass(), d.isAsync(), q);
            starts[out.size()] = d.start();
            up[out.size()] = stack.isEmpty() ? -1 : stack.peek();
            stack.push(out.size());
            out.add(full);
        }
        defs = out;
        defStarts = starts;
        parents = up;
        return out;
    }

    /**
     * Index of the innermost def containing the offset (a class too when {@code classes}), or -1. Definitions nest,
     * so every def containing the offset holds the last def starting at or before it: a binary search and a walk up
     * the nesting, not a scan of every def.
     */
    private int innermost(int offset, boolean classes) {
        defs();
        int i = Arrays.binarySearch(defStarts, offset);
        if (i >= 0) {
            while (i + 1 < defStarts.length && defStarts[i + 1] == offset) {
                i++;
            }
        } else {
            i = -i - 2;
        }
        for (; i >= 0; i = parents[i]) {
            Def d = defs.get(i);
            if (offset < d.end() && (classes || !d.isClass())) {
                return i;
            }
        }
        return -1;
    }

    /** Innermost def (function or class) containing the offset, or null at module level. */
    Def enclosing(int offset) {
        int i = innermost(offset, true);
        return i < 0 ? null : defs.get(i);
    }

    /** Innermost function (not class) containing the offset, or null outside every function. */
    Def function(int offset) {
        int i = innermost(offset, false);
        return i < 0 ? null : defs.get(i);
    }

    /** Innermost function containing the offset (classes do not scope imports the same way; good enough). */
    int[] functionRange(int offset) {
        int i = innermost(offset, false);
        return i < 0 ? new int[] {0, file.length()} : new int[] {defs.get(i).start(), defs.get(i).end()};
    }

    /**
     * The byte ranges of the functions containing the offset, innermost first, then the whole file: the scopes an
     * import can bind a name in that is visible at the offset.
     */
    List<int[]> functionRanges(int offset) {
        List<int[]> out = new ArrayList<>(4);
        for (int i = innermost(offset, false); i >= 0; i = innermost(i, parents)) {
            out.add(new int[] {defs.get(i).start(), defs.get(i).end()});
        }
        out.add(new int[] {0, file.length()});
        return out;
    }

    /** The innermost function holding def {@code i} (its enclosing defs contain every offset def i contains). */
    private int innermost(int i, int[] up) {
        for (int k = up[i]; k >= 0; k = up[k]) {
            if (!defs.get(k).isClass()) {
                return k;
            }
        }
        return -1;
    }
}
