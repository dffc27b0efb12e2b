package io.anyscope.extract;

import org.treesitter.TSNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import static io.anyscope.extract.Nodes.child;
import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.parent;
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
                TSNode def = parent(tok);
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
        return best == null ? new int[] {0, file.length()} : new int[] {best.start(), best.end()};
    }
}
