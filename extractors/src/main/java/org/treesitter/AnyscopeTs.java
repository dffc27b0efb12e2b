package org.treesitter;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * anyscope's narrow door into bonede's tree-sitter binding, for speed and bounded native memory. It lives in package
 * {@code org.treesitter} to reach the binding's package-private natives; nothing here changes what tree-sitter
 * computes.
 *
 * <ul>
 *   <li><b>Owned trees.</b> {@link TSParser#parse} wraps each tree in a {@link TSTree} whose native memory is freed
 *   only when the garbage collector runs its Cleaner, so native trees pile up between collections (gigabytes on a
 *   large corpus). {@link #parse} returns the raw native tree instead, with no Cleaner registered, and the caller
 *   frees it with {@link #delete} as soon as it is done: no double free is possible because no Cleaner knows the
 *   pointer. Nodes obtained from such a tree must not be used after {@code delete}.</li>
 *   <li><b>Fewer JNI calls per node.</b> Every public {@link TSNode} method first calls the native
 *   {@code ts_node_is_null}, so each answer costs two JNI calls. The accessors here check nullness in Java
 *   ({@code id == 0}, exactly what {@code ts_node_is_null} tests), read the start byte from the node's own
 *   fields ({@code context[0]}, exactly what {@code ts_node_start_byte} returns) and call the native directly.</li>
 * </ul>
 *
 * <p>If the binding's internals ever differ from what this class expects, it says so once in the log and falls back
 * to the public API (trees then freed by the Cleaner as before).
 */
public final class AnyscopeTs {
    private static final Logger LOG = Logger.getLogger(AnyscopeTs.class.getName());

    private static final MethodHandle RAW_PARSE;
    private static final VarHandle PARSER_PTR;
    private static final VarHandle NODE_ID;
    private static final VarHandle NODE_START;
    /** True when owned trees and field reads are available. */
    public static final boolean FAST;

    /** Owned native trees made by {@link #parse} and not yet freed by {@link Tree#close}. */
    private static final AtomicLong LIVE_TREES = new AtomicLong();
    /** Owned native trees made by {@link #parse} since the class was loaded. */
    private static final AtomicLong OWNED_TREES = new AtomicLong();

    static {
        MethodHandle parse = null;
        VarHandle parserPtr = null;
        VarHandle id = null;
        VarHandle start = null;
        boolean ok = false;
        try {
            MethodHandles.Lookup p = MethodHandles.privateLookupIn(TSParser.class, MethodHandles.lookup());
            parse = p.findStatic(TSParser.class, "ts_parser_parse", MethodType.methodType(long.class, long.class,
                    byte[].class, long.class, TSReader.class, int.class));
            parserPtr = p.findVarHandle(TSParser.class, "ptr", long.class);
            MethodHandles.Lookup n = MethodHandles.privateLookupIn(TSNode.class, MethodHandles.lookup());
            id = n.findVarHandle(TSNode.class, "idPtr", long.class);
            start = n.findVarHandle(TSNode.class, "context0", int.class);
            ok = true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warning("anyscope: tree-sitter binding internals not as expected (" + e
                    + "); using its public API: native trees are freed only when the GC runs");
        }
        RAW_PARSE = parse;
        PARSER_PTR = parserPtr;
        NODE_ID = id;
        NODE_START = start;
        FAST = ok;
    }

    private AnyscopeTs() {
    }

    /**
     * Which C code parses: the optimised library the launcher preloads (native/tree-sitter-o2.sh), or the one inside
     * bonede's jars. Read from this process's memory map.
     */
    public static String nativeInUse() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
                int i = line.indexOf("libanyscope-tree-sitter-o2");
                if (i >= 0) {
                    return "optimised -O2 build (" + line.substring(line.lastIndexOf(' ') + 1) + ")";
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
        return "bonede's bundled build (-O0)";
    }

    /**
     * How many owned native trees {@link #parse} has made so far in this process (0 without {@link #FAST}). With
     * {@link #liveTrees} it tells that a caller parses through the owned path and frees what it parsed.
     */
    public static long ownedTrees() {
        return OWNED_TREES.get();
    }

    /** How many owned native trees are allocated now: made by {@link #parse} and not yet closed. */
    public static long liveTrees() {
        return LIVE_TREES.get();
    }

    /**
     * A parsed tree. With {@link #FAST} it owns the native tree and {@link #close} frees it at once; otherwise it
     * wraps a public {@link TSTree} (freed later by the GC) and {@code close} only drops the reference.
     */
    public static final class Tree implements AutoCloseable {
        private long ptr;
        private TSTree wrapped;
        private final TSNode root;

        private Tree(long ptr, TSTree wrapped) {
            this.ptr = ptr;
            this.wrapped = wrapped;
            this.root = wrapped != null ? wrapped.getRootNode() : TSParser.ts_tree_root_node(ptr);
        }

        public TSNode root() {
            return root;
        }

        @Override
        public void close() {
            if (ptr != 0) {
                long p = ptr;
                ptr = 0;
                TSParser.ts_tree_delete(p);
                LIVE_TREES.decrementAndGet();
            }
            wrapped = null;
        }
    }

    /** Parses UTF-8 source read through {@code reader}; null if tree-sitter gave no tree. */
    public static Tree parse(TSParser parser, byte[] chunk, TSReader reader) {
        if (FAST) {
            long tree;
            try {
                tree = (long) RAW_PARSE.invokeExact((long) PARSER_PTR.get(parser), chunk, 0L, reader,
                        TSInputEncoding.TSInputEncodingUTF8.ordinal());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (tree == 0) {
                return null;
            }
            OWNED_TREES.incrementAndGet();
            LIVE_TREES.incrementAndGet();
            return new Tree(tree, null);
        }
        TSTree t = parser.parse(chunk, null, reader, TSInputEncoding.TSInputEncodingUTF8);
        return t == null ? null : new Tree(0, t);
    }

    // ---- node accessors: same answers as the TSNode methods, with one JNI call or none ----

    /** True for Java null and for tree-sitter's null node. */
    public static boolean isNull(TSNode n) {
        if (n == null) {
            return true;
        }
        return FAST ? (long) NODE_ID.get(n) == 0 : n.isNull();
    }

    private static TSNode checked(TSNode n) {
        if (isNull(n)) {
            throw new TSException("Node is a null node");
        }
        return n;
    }

    /** The node's type name (what {@link TSNode#getType} answers). */
    public static String type(TSNode n) {
        return TSParser.ts_node_type(checked(n));
    }

    /** Row (0-based) and column of the node's first byte (what {@link TSNode#getStartPoint} answers). */
    public static TSPoint startPoint(TSNode n) {
        return TSParser.ts_node_start_point(checked(n));
    }

    /**
     * The node's id (what {@code TSNode.id} holds in C: the address of its subtree slot, unique within its tree), or
     * 0 when the binding's fields cannot be read ({@link #FAST} false) or the node is null.
     */
    public static long id(TSNode n) {
        return FAST && n != null ? (long) NODE_ID.get(n) : 0;
    }

    public static int startByte(TSNode n) {
        return FAST ? (int) NODE_START.get(checked(n)) : n.getStartByte();
    }

    public static int endByte(TSNode n) {
        return TSParser.ts_node_end_byte(checked(n));
    }

    /** The public symbol id: {@code getType()} is the language's name for it. */
    public static int symbol(TSNode n) {
        return TSParser.ts_node_symbol(checked(n));
    }

    public static boolean isNamed(TSNode n) {
        return TSParser.ts_node_is_named(checked(n));
    }

    public static boolean hasError(TSNode n) {
        return TSParser.ts_node_has_error(checked(n));
    }

    public static boolean isError(TSNode n) {
        return TSParser.ts_node_is_error(checked(n));
    }

    public static boolean isMissing(TSNode n) {
        return TSParser.ts_node_is_missing(checked(n));
    }

    public static TSNode parent(TSNode n) {
        return TSParser.ts_node_parent(checked(n));
    }

    public static TSNode child(TSNode n, int i) {
        return TSParser.ts_node_child(checked(n), i);
    }

    public static int childCount(TSNode n) {
        return TSParser.ts_node_child_count(checked(n));
    }

    public static TSNode namedChild(TSNode n, int i) {
        return TSParser.ts_node_named_child(checked(n), i);
    }

    public static int namedChildCount(TSNode n) {
        return TSParser.ts_node_named_child_count(checked(n));
    }

    public static TSNode childByFieldId(TSNode n, int fieldId) {
        return TSParser.ts_node_child_by_field_id(checked(n), fieldId);
    }

    public static String fieldNameForChild(TSNode n, int i) {
        return TSParser.ts_node_field_name_for_child(checked(n), i);
    }

    public static TSNode descendantForByteRange(TSNode n, int start, int end) {
        return TSParser.ts_node_descendant_for_byte_range(checked(n), start, end);
    }
}
