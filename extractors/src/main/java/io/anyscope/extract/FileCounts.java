package io.anyscope.extract;

import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;
import org.treesitter.TSTreeCursor;


/**
 * The per-file counts of a parsed file: {@code async def}, {@code await}, {@code async with}, {@code async for}
 * (comprehensions included), and ERROR and MISSING nodes.
 */
final class FileCounts {
    int asyncDefs;
    int awaits;
    int asyncWiths;
    int asyncFors;
    int parseErrors;

    /** Counts the keywords from their byte hits and the error nodes from the subtrees that hold one. */
    static FileCounts of(ParsedFile file) {
        FileCounts c = new FileCounts();
        c.countKeywords(file);
        c.parseErrors = countErrors(file.root);
        return c;
    }

    private void countKeywords(ParsedFile file) {
        Nodes nodes = file.nodes;
        int i = 0;
        while ((i = file.nextWord("await", i, file.length())) >= 0) {
            TSNode n = file.nodeAt(i, i + 5);
            if (nodes.type(n).equals("await") && !nodes.named(n)) {
                awaits++;
            }
            i += 5;
        }
        i = 0;
        while ((i = file.nextWord("async", i, file.length())) >= 0) {
            TSNode n = file.nodeAt(i, i + 5);
            i += 5;
            if (!nodes.type(n).equals("async") || nodes.named(n)) {
                continue;
            }
            switch (nodes.type(nodes.parent(n))) {
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
    private static int countErrors(TSNode root) {
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
