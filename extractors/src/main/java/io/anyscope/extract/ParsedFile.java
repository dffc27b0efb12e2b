package io.anyscope.extract;

import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.namedChild;
import static io.anyscope.extract.Nodes.namedChildCount;
import static io.anyscope.extract.Nodes.start;

/**
 * One parsed Python file as the extractor visits it: whole-word byte search, the node at a byte range, and a node's
 * text. Valid only while its tree is open.
 */
final class ParsedFile {
    final SourceText src;
    final byte[] b;
    final String s;
    final TSNode root;
    final Nodes nodes;

    ParsedFile(SourceText src, TSNode root, Nodes nodes) {
        this.src = src;
        this.b = src.bytes();
        this.s = src.latin1();
        this.root = root;
        this.nodes = nodes;
    }

    /** Length of the source in bytes. */
    int length() {
        return b.length;
    }

    /** True when the byte before {@code at} is a dot (an attribute name, not a name of its own). */
    boolean afterDot(int at) {
        return at > 0 && b[at - 1] == '.';
    }

    private boolean identChar(int i) {
        if (i < 0 || i >= b.length) {
            return false;
        }
        int c = b[i] & 0xff;
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    }

    /** Next whole-word occurrence of {@code word} at or after {@code from}, or -1. */
    int nextWord(String word, int from, int limit) {
        int i = from;
        while ((i = s.indexOf(word, i)) >= 0 && i < limit) {
            if (!identChar(i - 1) && !identChar(i + word.length())) {
                return i;
            }
            i += 1;
        }
        return -1;
    }

    /** The smallest node spanning the byte range. */
    TSNode nodeAt(int start, int end) {
        return AnyscopeTs.descendantForByteRange(root, start, end);
    }

    String text(TSNode n) {
        return src.text(start(n), end(n));
    }

    /** Dotted text of a dotted_name, built from its identifiers (ignores whitespace and line continuations). */
    String dotted(TSNode n) {
        if (nodes.type(n).equals("identifier")) {
            return text(n);
        }
        StringBuilder sb = new StringBuilder();
        int c = namedChildCount(n);
        for (int i = 0; i < c; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(text(namedChild(n, i)));
        }
        return sb.toString();
    }
}
