package io.anyscope.extract;

import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    boolean identChar(int i) {
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

    /** True for the ASCII characters of identifiers. */
    static boolean asciiIdentChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** True when {@code word} is a whole ASCII identifier run, which {@link #wordStarts} can find. */
    static boolean plainWord(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!asciiIdentChar(word.charAt(i))) {
                return false;
            }
        }
        return !word.isEmpty();
    }

    /**
     * The start offsets, ascending, of every whole-word occurrence of each of {@code words} (identifier runs, e.g.
     * {@code x} or {@code self}), found in one pass over the file whatever the number of words.
     */
    Map<String, int[]> wordStarts(Set<String> words) {
        Map<Integer, List<String>> byHash = new HashMap<>();
        for (String w : words) {
            byHash.computeIfAbsent(w.hashCode(), k -> new ArrayList<>(1)).add(w);
        }
        Map<String, IntList> found = new HashMap<>();
        int i = 0;
        while (i < b.length) {
            if (!identChar(i)) {
                i++;
                continue;
            }
            int start = i;
            int h = 0;
            while (i < b.length && identChar(i)) {
                h = 31 * h + (b[i] & 0xff);
                i++;
            }
            List<String> candidates = byHash.get(h);
            if (candidates != null) {
                for (String w : candidates) {
                    if (w.length() == i - start && s.startsWith(w, start)) {
                        found.computeIfAbsent(w, k -> new IntList()).add(start);
                    }
                }
            }
        }
        Map<String, int[]> out = new HashMap<>();
        for (String w : words) {
            IntList l = found.get(w);
            out.put(w, l == null ? new int[0] : l.toArray());
        }
        return out;
    }

    /**
     * The start offsets, ascending, of every whole-word occurrence of each of {@code words}: the plain ones
     * ({@link #plainWord}) found together in one pass ({@link #wordStarts}), any other by its own search.
     */
    Map<String, int[]> wordHits(Collection<String> words) {
        Set<String> plain = new HashSet<>();
        for (String w : words) {
            if (plainWord(w)) {
                plain.add(w);
            }
        }
        Map<String, int[]> out = new HashMap<>(wordStarts(plain));
        for (String w : words) {
            if (!out.containsKey(w)) {
                IntList hits = new IntList();
                int i = 0;
                while ((i = nextWord(w, i, length())) >= 0) {
                    hits.add(i);
                    i += w.length();
                }
                out.put(w, hits.toArray());
            }
        }
        return out;
    }

    /** A growable list of ints. */
    private static final class IntList {
        private int[] a = new int[4];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
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
