package io.anyscope.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of literal strings searched for in raw bytes in one pass, whatever their number: the answer of
 * {@code new String(bytes, ISO_8859_1).indexOf(word) >= 0} for any word, without one pass per word. Each position is
 * looked up by its first two bytes in a table of the words that start with them (words of one character: by the
 * byte). Words with a character outside ISO-8859-1 can never occur and are left out; the empty word occurs
 * everywhere.
 */
final class Literals {
    /** Per first two bytes ({@code b0 << 8 | b1}): the words of two or more bytes that start with them, or null. */
    private final byte[][][] byPair = new byte[1 << 16][][];
    /**
     * One bit per first two bytes: set when {@link #byPair} holds words for them. Checked first, it keeps the scan in
     * 8 KB (the first level cache) instead of a 512 KB table of references: the prefilter runs over every byte of
     * every file.
     */
    private final long[] pairBits = new long[1 << 10];
    /** Per byte: a word of that one byte is in the set. */
    private final boolean[] single = new boolean[256];
    private final boolean empty;

    Literals(Collection<String> words) {
        Map<Integer, List<byte[]>> pairs = new HashMap<>();
        boolean hasEmpty = false;
        for (String w : words) {
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(w)) {
                continue;
            }
            byte[] b = w.getBytes(StandardCharsets.ISO_8859_1);
            if (b.length == 0) {
                hasEmpty = true;
            } else if (b.length == 1) {
                single[b[0] & 0xff] = true;
            } else {
                pairs.computeIfAbsent((b[0] & 0xff) << 8 | (b[1] & 0xff), k -> new ArrayList<>(1)).add(b);
            }
        }
        pairs.forEach((k, l) -> {
            byPair[k] = l.toArray(new byte[0][]);
            pairBits[k >>> 6] |= 1L << k;
        });
        empty = hasEmpty;
    }

    /** Some word of the set occurs in {@code b}. */
    boolean foundIn(byte[] b) {
        return linesIfAbsent(b) < 0;
    }

    /**
     * -1 when some word of the set occurs in {@code b}; otherwise the number of its Python lines, exactly
     * {@link PythonExtractor#countLines}: the prefilter counts the lines of the files it skips in the same pass.
     */
    int linesIfAbsent(byte[] b) {
        return linesIfNone(b, (bytes, at, length) -> true);
    }

    /** Which occurrences of a word count ({@link #linesIfNone}). */
    @FunctionalInterface
    interface Hit {
        /** Whether the occurrence of a word of {@code length} bytes at {@code at} in {@code b} counts. */
        boolean counts(byte[] b, int at, int length);
    }

    /**
     * -1 when some occurrence of a word of the set in {@code b} {@linkplain Hit#counts counts} (words of one byte
     * always count); otherwise the number of its Python lines, as {@link #linesIfAbsent}, in the same one pass.
     */
    int linesIfNone(byte[] b, Hit hit) {
        if (empty) {
            return -1;
        }
        int n = b.length;
        int lines = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (single[c]) {
                return -1;
            }
            if (i + 1 < n) {
                int next = b[i + 1] & 0xff;
                int pair = c << 8 | next;
                if ((pairBits[pair >>> 6] & 1L << pair) != 0) {
                    byte[][] candidates = byPair[pair];
                    for (byte[] w : candidates) {
                        if (i + w.length <= n && Arrays.equals(b, i + 2, i + w.length, w, 2, w.length)
                                && hit.counts(b, i, w.length)) {
                            return -1;
                        }
                    }
                }
                // LF, CRLF and a lone CR each end a line (the CR of CRLF is not counted, its LF is)
                if (c == '\n' || c == '\r' && next != '\n') {
                    lines++;
                }
            } else if (c == '\n' || c == '\r') {
                lines++;
            }
        }
        int start = n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        if (n > start && b[n - 1] != '\n' && b[n - 1] != '\r') {
            lines++;
        }
        return lines;
    }
}
