package io.anyscope.extract;

import org.treesitter.TSNode;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.namedChild;
import static io.anyscope.extract.Nodes.namedChildCount;
import static io.anyscope.extract.Nodes.start;

/**
 * The references to imported names in one file: each load of a bound name, extended along its attribute chain
 * ({@code asyncio.tasks.gather}), becomes a {@code call} or {@code access} fact; the value of a call is handed to
 * {@link MethodFacts}.
 */
final class ReferenceFollower {
    private final ParsedFile file;
    private final Nodes nodes;
    private final ImportBindings imports;
    private final SiteContext context;
    private final UsageFacts usages;
    private final MethodFacts methods;
    private final Reexports reexports;

    ReferenceFollower(ParsedFile file, ImportBindings imports, SiteContext context, UsageFacts usages,
                      MethodFacts methods) {
        this(file, imports, context, usages, methods, null);
    }

    /** With {@code reexports} (null: none recorded), which hears of module-level assignments of references. */
    ReferenceFollower(ParsedFile file, ImportBindings imports, SiteContext context, UsageFacts usages,
                      MethodFacts methods, Reexports reexports) {
        this.file = file;
        this.nodes = file.nodes;
        this.imports = imports;
        this.context = context;
        this.usages = usages;
        this.methods = methods;
        this.reexports = reexports;
    }

    /**
     * Visits every whole-word hit of each bound name outside the imports. The hits of all plain names are found in
     * one pass over the file (a wildcard import binds hundreds of names).
     */
    void find() {
        Map<String, int[]> hits = file.wordHits(imports.names());
        for (String name : imports.names()) {
            for (int at : hits.get(name)) {
                visit(name, at);
            }
        }
    }

    private void visit(String name, int at) {
        if (file.afterDot(at)) {
            return;
        }
        if (imports.inImport(at)) {
            return;
        }
        TSNode n = imports.identifierAt(at);
        if (n == null) {
            n = file.nodeAt(at, at + name.length());
            if (!nodes.type(n).equals("identifier") || start(n) != at) {
                return;
            }
        }
        ImportBindings.Binding bd = imports.resolve(name, at);
        if (bd == null) {
            return;
        }
        TSNode parent = imports.parentAt(at);
        if (parent == null) {
            parent = nodes.parent(n);
        }
        if (!isLoad(at, parent)) {
            return;
        }
        if (bd.proxy() != null) {
            candidates(n, at, parent, bd);
            return;
        }
        reference(n, at, parent, bd.qualified(), bd.name(), false);
    }

    /**
     * Emits the candidate facts of a name imported from a module that may be a compatibility layer: one per tracked
     * symbol of that name, along the attribute chain ({@code ctg()} after {@code from rollouts.aio import
     * create_task_group as ctg} gives {@code call anyio.create_task_group}, {@code call trio...} if trio had one).
     * No method facts follow them, and an assignment of one is no re-export.
     */
    private void candidates(TSNode n, int at, TSNode parent, ImportBindings.Binding bd) {
        Chain c = chain(n, at, parent);
        if (c == null) {
            return;
        }
        ImportBindings.Proxy proxy = bd.proxy();
        for (String symbol : proxy.symbols()) {
            usages.emitCandidate(at, end(c.cur), c.kind, context.of(c.top), symbol + c.suffix, bd.name(),
                    proxy.module(), proxy.name());
        }
    }

    /** The attribute chain read from the identifier at {@code at}: its dotted suffix, last node, kind and site. */
    private record Chain(String suffix, TSNode cur, TSNode top, String kind, boolean call) {
    }

    private Chain chain(TSNode n, int at, TSNode parent) {
        StringBuilder suffix = new StringBuilder();
        TSNode cur = n;
        TSNode p = parent;
        if (nodes.type(p).equals("dotted_name")) {
            // match-statement class patterns: case asyncio.Event(): ...
            if (start(p) != at) {
                return null;
            }
            int c = namedChildCount(p);
            for (int i = 1; i < c; i++) {
                suffix.append('.').append(file.text(namedChild(p, i)));
            }
            cur = p;
            p = nodes.parent(p);
        } else {
            while (nodes.type(p).equals("attribute") && start(p) == at) {
                TSNode attr = field(p, nodes.F_ATTRIBUTE);
                if (isNull(attr)) {
                    break;
                }
                suffix.append('.').append(file.text(attr));
                cur = p;
                p = nodes.parent(p);
            }
        }
        boolean call = nodes.type(p).equals("call") && start(p) == at;
        TSNode top = call ? p : cur;
        String kind = call ? "call" : cur != n && assignedTo(cur, p) ? "patch" : "access";
        return new Chain(suffix.toString(), cur, top, kind, call);
    }

    /**
     * Records the load of library name {@code library} at {@code at} (identifier {@code n}, parent {@code parent}),
     * which nothing binds, as an {@code unbound} fact along its attribute chain ({@link UnboundNames} decides).
     */
    void unbound(TSNode n, int at, TSNode parent, String library) {
        reference(n, at, parent, library, library, true);
    }

    /** True when the identifier at {@code at}, whose parent is {@code p}, reads the name (rather than binding it). */
    boolean isLoad(int at, TSNode p) {
        if (isNull(p)) {
            return true;
        }
        switch (nodes.type(p)) {
            case "attribute":
            case "keyword_argument":
            case "default_parameter":
            case "typed_default_parameter":
            case "typed_parameter":
            case "assignment":
            case "augmented_assignment":
            case "named_expression":
                // The object of an attribute / the value of the others; their first child is the "store" side.
                return nodes.type(p).equals("attribute") ? start(p) == at : start(p) != at;
            case "dotted_name":
                // A name in an import of another module ("from inspect import iscoroutinefunction" beside a
                // tracked "from asyncio import iscoroutinefunction") binds the name; in a match class pattern it
                // reads it.
                return !isImport(nodes.parent(p));
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

    private boolean isImport(TSNode n) {
        if (isNull(n)) {
            return false;
        }
        return switch (nodes.type(n)) {
            case "import_statement", "import_from_statement", "aliased_import", "relative_import",
                 "future_import_statement" -> true;
            default -> false;
        };
    }

    /**
     * Emits the reference starting at identifier {@code n}: {@code call} or {@code access}, {@code patch} when the
     * attribute chain is assigned to ({@code anyio.StreamReader = ...}), {@code unbound} when nothing binds the name.
     */
    private void reference(TSNode n, int at, TSNode parent, String qualified, String alias, boolean unbound) {
        Chain c = chain(n, at, parent);
        if (c == null) {
            return;
        }
        String symbol = qualified + c.suffix;
        String kind = unbound ? "unbound" : c.kind;
        usages.emit(at, end(c.cur), kind, context.of(c.top), symbol, symbol, alias, false);
        if (c.call && !unbound) {
            methods.follow(c.top, methods.returnsOf(symbol), alias, false);
        }
        if (kind.equals("access") && reexports != null) {
            assignedName(c.cur).ifPresent(name -> reexports.assigned(name, at, end(c.cur), symbol));
        }
    }

    /** The name {@code value} is assigned to when it is the whole right side of {@code name = value}; else empty. */
    private Optional<String> assignedName(TSNode value) {
        TSNode a = nodes.parent(value);
        if (isNull(a) || !nodes.type(a).equals("assignment")) {
            return Optional.empty();
        }
        TSNode right = field(a, nodes.F_RIGHT);
        TSNode left = field(a, nodes.F_LEFT);
        if (isNull(right) || isNull(left) || start(right) != start(value) || end(right) != end(value)
                || !nodes.type(left).equals("identifier")) {
            return Optional.empty();
        }
        return Optional.of(file.text(left));
    }

    /** True when {@code target} (whose parent is {@code p}) is assigned to: {@code target = ...}, {@code a, target = ...}. */
    private boolean assignedTo(TSNode target, TSNode p) {
        TSNode left = target;
        String t = nodes.type(p);
        if (t.equals("pattern_list") || t.equals("tuple_pattern")) {
            left = p;
            p = nodes.parent(p);
            t = isNull(p) ? "" : nodes.type(p);
        }
        if (!t.equals("assignment")) {
            return false;
        }
        TSNode l = field(p, nodes.F_LEFT);
        return !isNull(l) && start(l) == start(left) && end(l) == end(left);
    }
}
