package io.anyscope.extract;

import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import java.util.HashMap;
import java.util.Map;

/**
 * Tree-sitter node access at one JNI call per answer, or none: node types and namedness cached by symbol id, the
 * last two symbol answers memoised, and the Python grammar's field ids resolved once.
 *
 * <p>One per extractor (its caches outlive a file); not thread-safe. Call {@link #forget()} when a tree is freed.
 */
final class Nodes {
    // Field ids, resolved once (getChildByFieldName resolves the name on every call).
    final int F_NAME;
    final int F_ALIAS;
    final int F_MODULE_NAME;
    final int F_ATTRIBUTE;
    final int F_RIGHT;
    final int F_LEFT;
    final int F_ARGUMENTS;
    final int F_FUNCTION;
    // Node type name and namedness by public symbol id, learned from the first node of each symbol: both are
    // functions of the public symbol (tree-sitter maps symbols to public ones only within the same name and kind),
    // so later nodes cost one JNI call (ts_node_symbol) instead of a string built by JNI.
    private final String[] typeNames = new String[65536];
    private final byte[] namedness = new byte[65536];

    // The same node is often asked its type twice in a row (isLoad, then reference); remember the last two answers.
    // Identity is exact: a node object held here cannot be collected and reused for another node.
    private TSNode memoNode0;
    private TSNode memoNode1;
    private int memoSym0;
    private int memoSym1;
    /** Parents asked for in the current tree, by node id ({@link #parent}). */
    private final Map<Long, TSNode> parents = new HashMap<>();

    Nodes(PythonParser parser) {
        F_NAME = parser.fieldId("name");
        F_ALIAS = parser.fieldId("alias");
        F_MODULE_NAME = parser.fieldId("module_name");
        F_ATTRIBUTE = parser.fieldId("attribute");
        F_RIGHT = parser.fieldId("right");
        F_LEFT = parser.fieldId("left");
        F_ARGUMENTS = parser.fieldId("arguments");
        F_FUNCTION = parser.fieldId("function");
    }

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

    /** Drops the memoised nodes (call when their tree is freed). */
    void forget() {
        memoNode0 = null;
        memoNode1 = null;
        parents.clear();
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

    /**
     * The node's parent, remembered until {@link #forget()}: tree-sitter finds a parent by descending from the root
     * through the children in order (a long module costs a scan of its top-level statements), and the extractor
     * walks up from many hits through the same few ancestors. A node's id (the address of its slot in its parent's
     * children) is unique within a tree, so it keys the answers of one tree.
     */
    TSNode parent(TSNode n) {
        long id = AnyscopeTs.id(n);
        if (id == 0) {
            return AnyscopeTs.parent(n);
        }
        TSNode p = parents.get(id);
        if (p == null) {
            p = AnyscopeTs.parent(n);
            parents.put(id, p);
        }
        return p;
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

    static boolean isNull(TSNode n) {
        return AnyscopeTs.isNull(n);
    }
}
