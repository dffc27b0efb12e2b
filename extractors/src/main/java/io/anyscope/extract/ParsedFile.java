package io.anyscope.extract;

import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

    /** Bytes that make up identifier runs: ASCII letters, digits, '_' and every byte of a non-ASCII character. */
    private static final boolean[] IDENT = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            IDENT[c] = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c >= 0x80;
        }
    }

    // The file's identifier runs (maximal runs of identChar bytes), found in one pass when first needed: start, end
    // and the hash of their bytes (String.hashCode of an ASCII word). Every whole-word search of a plain word is a
    // look-up among them instead of a pass over the bytes.
    private int[] runStart;
    private int[] runEnd;
    private int[] runHash;
    private int runs;
    /** Start offsets, ascending, of the whole-word occurrences of plain words searched so far. */
    private final Map<String, int[]> wordCache = new HashMap<>();

    /** True for the bytes of identifier runs ({@link #IDENT}). */
    static boolean identByte(byte c) {
        return IDENT[c & 0xff];
    }

    /** True when {@code word}'s bytes stand in {@code b} at {@code at} (false when they would run past either end). */
    static boolean bytesAt(byte[] b, int at, byte[] word) {
        if (at < 0 || at + word.length > b.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    boolean identChar(int i) {
        return i >= 0 && i < b.length && IDENT[b[i] & 0xff];
    }

    /** Next whole-word occurrence of {@code word} at or after {@code from} and before {@code limit}, or -1. */
    int nextWord(String word, int from, int limit) {
        String w = spelled(word);
        if (!runWord(w)) {
            return searchWord(w, from, limit);
        }
        int[] at = wordCache.get(w);
        if (at == null) {
            findWords(List.of(w));
            at = wordCache.get(w);
        }
        int k = Arrays.binarySearch(at, from);
        k = k >= 0 ? k : -k - 1;
        return k < at.length && at[k] < limit ? at[k] : -1;
    }

    /**
     * A word as the file's bytes spell it, one char per byte like {@link #s}: its UTF-8 bytes read as ISO-8859-1 (the
     * word itself when it is ASCII). Names bound by imports are decoded text; a non-ASCII one ({@code dormír}) is
     * found only in this form.
     */
    static String spelled(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) >= 0x80) {
                return new String(word.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return word;
    }

    /**
     * True when a spelled word ({@link #spelled}) is one whole identifier run: identifier characters only, bytes of
     * non-ASCII characters included. Its whole-word hits are then exactly the runs equal to it.
     */
    static boolean runWord(String spelled) {
        for (int i = 0; i < spelled.length(); i++) {
            char c = spelled.charAt(i);
            if (c > 0xff || !IDENT[c]) {
                return false;
            }
        }
        return !spelled.isEmpty();
    }

    /** {@link #nextWord} by searching the text: for spelled words that are not identifier runs. */
    private int searchWord(String word, int from, int limit) {
        int i = from;
        while ((i = s.indexOf(word, i)) >= 0 && i < limit) {
            if (!identChar(i - 1) && !identChar(i + word.length())) {
                return i;
            }
            i += 1;
        }
        return -1;
    }

    /** True for the ASCII characters of identifiers: the {@link #IDENT} bytes below 0x80. */
    static boolean asciiIdentChar(char c) {
        return c < 0x80 && IDENT[c];
    }

    /** Finds the identifier runs, once per file. */
    private void findRuns() {
        if (runStart != null) {
            return;
        }
        int cap = Math.max(16, b.length / 8);
        int[] st = new int[cap];
        int[] en = new int[cap];
        int[] hs = new int[cap];
        int n = 0;
        byte[] bytes = b;
        int len = bytes.length;
        int i = 0;
        while (i < len) {
            if (!IDENT[bytes[i] & 0xff]) {
                i++;
                continue;
            }
            int start = i;
            int h = 0;
            do {
                h = 31 * h + (bytes[i] & 0xff);
                i++;
            } while (i < len && IDENT[bytes[i] & 0xff]);
            if (n == st.length) {
                int c = n * 2;
                st = Arrays.copyOf(st, c);
                en = Arrays.copyOf(en, c);
                hs = Arrays.copyOf(hs, c);
            }
            st[n] = start;
            en[n] = i;
            hs[n] = h;
            n++;
        }
        runStart = st;
        runEnd = en;
        runHash = hs;
        runs = n;
    }

    /**
     * Finds, in one pass over the file's identifier runs, every whole-word occurrence of each of {@code spelled}
     * (spelled words that are identifier runs, {@link #runWord}) not searched before, into {@link #wordCache}.
     */
    private void findWords(Collection<String> spelled) {
        Set<String> todo = new LinkedHashSet<>();
        for (String w : spelled) {
            if (!wordCache.containsKey(w)) {
                todo.add(w);
            }
        }
        if (!todo.isEmpty()) {
            findRuns();
            // An open-addressing table of the words by hash: a probe per run, no boxing.
            int size = Integer.highestOneBit(todo.size() * 4 - 1) << 1;
            int mask = size - 1;
            String[] table = new String[size];
            int[] hashes = new int[size];
            IntList[] found = new IntList[size];
            for (String w : todo) {
                int h = w.hashCode();
                int slot = mix(h) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = w;
                hashes[slot] = h;
                found[slot] = new IntList();
            }
            for (int r = 0; r < runs; r++) {
                int h = runHash[r];
                int slot = mix(h) & mask;
                String w;
                while ((w = table[slot]) != null) {
                    if (hashes[slot] == h && w.length() == runEnd[r] - runStart[r]
                            && s.startsWith(w, runStart[r])) {
                        found[slot].add(runStart[r]);
                    }
                    slot = (slot + 1) & mask;
                }
            }
            for (int slot = 0; slot < size; slot++) {
                if (table[slot] != null) {
                    wordCache.put(table[slot], found[slot].toArray());
                }
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    /**
     * The start offsets, ascending, of every whole-word occurrence of each of {@code words}: the identifier runs
     * ({@link #runWord}, e.g. {@code x}, {@code self} or {@code dormír}) found together in one pass over the file's
     * identifier runs, any other word ({@code self.x}) by its own search of the text.
     */
    Map<String, int[]> wordHits(Collection<String> words) {
        Map<String, int[]> out = new HashMap<>(words.size() * 2);
        List<String> keys = new ArrayList<>(words.size());
        List<String> spelledRuns = new ArrayList<>(words.size());
        for (String w : words) {
            String sp = spelled(w);
            if (runWord(sp)) {
                keys.add(w);
                spelledRuns.add(sp);
            } else {
                IntList hits = new IntList();
                int i = 0;
                while ((i = searchWord(sp, i, length())) >= 0) {
                    hits.add(i);
                    i += sp.length();
                }
                out.put(w, hits.toArray());
            }
        }
        findWords(spelledRuns);
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), wordCache.get(spelledRuns.get(i)));
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
