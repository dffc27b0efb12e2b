package io.anyscope.extract;

import org.treesitter.TSNode;

import static io.anyscope.extract.Nodes.child;
import static io.anyscope.extract.Nodes.isNull;

/**
 * The syntactic context of a use site ({@code await}, {@code decorator}, {@code async_with}, {@code with},
 * {@code annotation}, {@code except}, {@code base_class} or {@code other}), read from the few nodes above it.
 */
final class SiteContext {
    private final Nodes nodes;

    SiteContext(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The context of the expression {@code top} (the call, or the whole dotted reference). */
    String of(TSNode top) {
        TSNode p = nodes.parent(top);
        if (isNull(p)) {
            return "other";
        }
        String t = nodes.type(p);
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
                TSNode pp = nodes.parent(p);
                return !isNull(pp) && nodes.type(pp).equals("class_definition") ? "base_class"
                        : "other";
            }
            default:
                break;
        }
        // A few transparent wrappers: except (A, B) as e / with (a() as x): / X | asyncio.Y annotations.
        TSNode q = p;
        for (int k = 0; k < 4 && !isNull(q); k++) {
            String qt = nodes.type(q);
            switch (qt) {
                case "tuple":
                case "parenthesized_expression":
                case "as_pattern":
                case "binary_operator":
                case "generic_type":
                case "type_parameter":
                case "subscript":
                    q = nodes.parent(q);
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

    private String withKind(TSNode withItem) {
        TSNode clause = nodes.parent(withItem);
        TSNode stmt = isNull(clause) ? null : nodes.parent(clause);
        if (!isNull(stmt) && nodes.type(stmt).equals("with_statement")
                && nodes.type(child(stmt, 0)).equals("async")) {
            return "async_with";
        }
        return "with";
    }
}
