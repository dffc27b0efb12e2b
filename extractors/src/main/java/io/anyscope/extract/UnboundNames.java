package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.treesitter.TSNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.namedChild;
import static io.anyscope.extract.Nodes.namedChildCount;
import static io.anyscope.extract.Nodes.start;

/**
 * Tracked library names used but never bound: after {@code import asyncio} became {@code import anyio},
 * {@code asyncio.create_task(...)} further down is a {@code NameError} waiting to happen. A load of a library's
 * top-level name is {@code unbound} when no import (of any module) binds that name in an enclosing function or the
 * module, and nothing else does either: an assignment, parameter, {@code global}/{@code nonlocal}, {@code del},
 * {@code for}/{@code with}/{@code except} target, comprehension variable, walrus, {@code def}/{@code class} name, match
 * capture, or a star import of an untracked module (which may bring any name).
 *
 * <p>It costs nothing beyond the byte hits {@link ImportBindings#find} already visited: each hit of a library name
 * outside the imports is classified from its parent node (one type question), and a hit that an import binds is
 * skipped without one. Like the rest of the extractor, scoping is lexical by function: bindings in a class body or a
 * lambda count for the enclosing function (they may hide an unbound name, never invent one).
 */
final class UnboundNames {
    private final ParsedFile file;
    private final Nodes nodes;
    private final Scopes scopes;
    private final Catalog catalog;
    private final ImportBindings imports;
    private final ReferenceFollower references;
    private Set<Long> starScopes;

    UnboundNames(ParsedFile file, Scopes scopes, Catalog catalog, ImportBindings imports, ReferenceFollower references) {
        this.file = file;
        this.nodes = file.nodes;
        this.scopes = scopes;
        this.catalog = catalog;
        this.imports = imports;
        this.references = references;
    }

    void find() {
        for (Map.Entry<String, List<Integer>> e : imports.hitsOutsideImports().entrySet()) {
            String lib = e.getKey();
            Set<Long> bound = new HashSet<>();
            List<Integer> loads = new ArrayList<>();
            for (int at : e.getValue()) {
                if (imports.resolve(lib, at) != null) {
                    continue; // an import binds it: a reference (ReferenceFollower), or a store beside one
                }
                TSNode p = imports.parentAt(at);
                int[] binds = bindingScope(at, p);
                if (binds != null) {
                    bound.add(key(binds));
                } else if (isLoad(at, p)) {
                    loads.add(at);
                }
            }
            for (int at : loads) {
                if (!boundAt(lib, at, bound)) {
                    references.unbound(imports.identifierAt(at), at, imports.parentAt(at), lib);
                }
            }
        }
    }

    private boolean boundAt(String lib, int at, Set<Long> bound) {
        for (int[] r : scopes.functionRanges(at)) {
            if (bound.contains(key(r)) || imports.importBinds(lib, r) || starScopes().contains(key(r))) {
                return true;
            }
        }
        return false;
    }

    private static long key(int[] r) {
        return ((long) r[0] << 32) | (r[1] & 0xffffffffL);
    }

    /**
     * The function (or module) range in which the identifier at {@code at}, whose parent is {@code p}, binds its
     * name; null when it does not bind it.
     */
    private int[] bindingScope(int at, TSNode p) {
        if (isNull(p)) {
            return null;
        }
        switch (nodes.type(p)) {
            case "assignment":
            case "augmented_assignment":
            case "named_expression":
            case "default_parameter":
            case "typed_default_parameter":
            case "typed_parameter":
                return start(p) == at ? scopes.functionRange(at) : null;
            case "for_statement":
            case "for_in_clause": {
                TSNode left = field(p, nodes.F_LEFT);
                return !isNull(left) && start(left) == at ? scopes.functionRange(at) : null;
            }
            case "except_clause":
            case "except_group_clause":
                // except E as name: the name follows the exception expression
                return namedChildCount(p) > 0 && start(namedChild(p, 0)) != at ? scopes.functionRange(at) : null;
            case "function_definition":
            case "class_definition": {
                TSNode name = field(p, nodes.F_NAME);
                // a def binds its name in the scope around it
                return !isNull(name) && start(name) == at ? scopes.functionRange(start(p) - 1) : null;
            }
            case "dotted_name": {
                TSNode q = nodes.parent(p);
                // match capture pattern: case asyncio:
                return namedChildCount(p) == 1 && !isNull(q) && nodes.type(q).equals("case_pattern")
                        ? scopes.functionRange(at) : null;
            }
            case "parameters":
            case "lambda_parameters":
            case "list_splat_pattern":
            case "dictionary_splat_pattern":
            case "pattern_list":
            case "tuple_pattern":
            case "list_pattern":
            case "as_pattern_target":
            case "global_statement":
            case "nonlocal_statement":
            case "delete_statement":
                return scopes.functionRange(at);
            default:
                return null;
        }
    }

    /** True when the identifier at {@code at} reads its name (a keyword argument's or pattern's name does not). */
    private boolean isLoad(int at, TSNode p) {
        if (isNull(p)) {
            return true;
        }
        return switch (nodes.type(p)) {
            case "keyword_argument", "keyword_pattern" -> start(p) != at;
            default -> references.isLoad(at, p);
        };
    }

    /** The function (or module) ranges holding a star import of a module other than a tracked library. */
    private Set<Long> starScopes() {
        if (starScopes != null) {
            return starScopes;
        }
        starScopes = new HashSet<>();
        int i = 0;
        while ((i = file.nextWord("import", i, file.length())) >= 0) {
            int at = i;
            i += "import".length();
            int j = i;
            while (j < file.length() && (file.b[j] == ' ' || file.b[j] == '\t' || file.b[j] == '(')) {
                j++;
            }
            if (j >= file.length() || file.b[j] != '*') {
                continue;
            }
            TSNode stmt = nodes.parent(file.nodeAt(at, at + "import".length()));
            if (isNull(stmt) || !nodes.type(stmt).equals("import_from_statement")) {
                continue;
            }
            TSNode module = field(stmt, nodes.F_MODULE_NAME);
            boolean tracked = !isNull(module) && nodes.type(module).equals("dotted_name")
                    && catalog.tracks(file.dotted(module));
            if (!tracked) {
                starScopes.add(key(scopes.functionRange(at)));
            }
        }
        return starScopes;
    }
}
