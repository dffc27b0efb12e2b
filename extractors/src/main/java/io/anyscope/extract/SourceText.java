package io.anyscope.extract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python source file as the extractor sees it: UTF-8 bytes ready for tree-sitter, and the map from byte offsets to
 * lines and columns that Python's tokenizer would report.
 *
 * <ul>
 *   <li>A UTF-8 BOM is dropped (it does not shift columns).</li>
 *   <li>A PEP 263 coding cookie on line 1 or 2 selects the charset; the text is transcoded to UTF-8.</li>
 *   <li>Undecodable bytes are replaced (U+FFFD) and {@link #decodeError()} is set.</li>
 *   <li>CRLF, LF and a lone CR each end a line. A lone CR is turned into LF in the parse bytes (same length, so no
 *       offset moves): tree-sitter's Python grammar does not treat a lone CR as a line end.</li>
 *   <li>Form feeds are left alone: they neither start a line nor shift line numbers.</li>
 * </ul>
 */
public final class SourceText {
    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    private final byte[] bytes;
    private final String latin1;
    private final int[] lineStarts;
    private final int lineCount;
    private final String encoding;
    private final boolean decodeError;
    // Code points before each CHUNK-byte boundary (null when every byte is ASCII, where a column is a byte count):
    // a column costs at most CHUNK bytes of counting, however long its line.
    private final int[] codePointsBefore;
    // The trimmed, capped text of each line asked for, so that many facts on one line decode it once.
    private final Map<Integer, String> lineTexts = new HashMap<>();
    private int lastLine = -1;
    private String lastLineText;

    private static final int CHUNK_BITS = 8;

    private SourceText(byte[] bytes, String encoding, boolean decodeError) {
        this.bytes = bytes;
        this.encoding = encoding;
        this.decodeError = decodeError;
        int[] starts = new int[64];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                        i++;
                    } else {
                        bytes[i] = '\n';
                    }
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
        this.codePointsBefore = codePointCheckpoints(bytes);
        this.latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        // Python counts a final line without terminator; an empty trailing "line" after the last terminator is none.
        this.lineCount = bytes.length == 0 ? 0 : (lineStarts[n - 1] == bytes.length ? n - 1 : n);
    }

    /** Decodes a file's raw bytes. Never throws: undecodable input is replaced and flagged. */
    public static SourceText decode(byte[] raw) {
        int off = 0;
        boolean bom = raw.length >= 3 && (raw[0] & 0xff) == 0xEF && (raw[1] & 0xff) == 0xBB && (raw[2] & 0xff) == 0xBF;
        if (bom) {
            off = 3;
        }
        String cookie = bom ? null : cookie(raw);
        Charset cs = StandardCharsets.UTF_8;
        String name = bom ? "utf-8-sig" : "utf-8";
        boolean unknownCookie = false;
        if (cookie != null) {
            Charset c = charsetFor(cookie);
            if (c == null) {
                unknownCookie = true;
            } else {
                cs = c;
                name = cookie.toLowerCase(Locale.ROOT);
            }
        }
        if (cs.equals(StandardCharsets.UTF_8)) {
            byte[] body = off == 0 ? raw.clone() : Arrays.copyOfRange(raw, off, raw.length);
            if (isValidUtf8(body)) {
                return new SourceText(body, name, unknownCookie);
            }
            String s = new String(body, StandardCharsets.UTF_8); // replaces malformed input with U+FFFD
            return new SourceText(s.getBytes(StandardCharsets.UTF_8), name, true);
        }
        CharsetDecoder dec = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean err = false;
        String s;
        try {
            s = dec.decode(ByteBuffer.wrap(raw, off, raw.length - off)).toString();
        } catch (CharacterCodingException e) {
            err = true;
            s = new String(raw, off, raw.length - off, cs);
        }
        return new SourceText(s.getBytes(StandardCharsets.UTF_8), name, err);
    }

    private static String cookie(byte[] raw) {
        // Only the first two lines may carry the cookie (PEP 263); they are ASCII-compatible in every codec it allows.
        int end = 0;
        int lines = 0;
        while (end < raw.length && lines < 2) {
            if (raw[end] == '\n' || (raw[end] == '\r' && (end + 1 >= raw.length || raw[end + 1] != '\n'))) {
                lines++;
            }
            end++;
        }
        String head = new String(raw, 0, Math.min(end, 400), StandardCharsets.ISO_8859_1);
        String[] two = head.split("\r\n|\r|\n", 3);
        for (int i = 0; i < Math.min(2, two.length); i++) {
            Matcher m = COOKIE.matcher(two[i]);
            if (m.find()) {
                return m.group(1);
            }
            // A second line is looked at only when the first is blank or a comment.
            String t = two[i].strip();
            if (!(t.isEmpty() || t.startsWith("#"))) {
                break;
            }
        }
        return null;
    }

    static Charset charsetFor(String pythonName) {
        String n = pythonName.toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.startsWith("utf-8") || n.equals("utf8")) {
            return StandardCharsets.UTF_8;
        }
        switch (n) {
            case "latin-1":
            case "latin1":
            case "l1":
            case "iso-latin-1":
                return StandardCharsets.ISO_8859_1;
            case "ascii":
            case "us-ascii":
                return StandardCharsets.US_ASCII;
            default:
                break;
        }
        try {
            return Charset.forName(n);
        } catch (RuntimeException e) {
            try {
                return Charset.forName(n.replace("-", ""));
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    private static boolean isValidUtf8(byte[] b) {
        // Fast path: pure ASCII.
        int i = 0;
        while (i < b.length && b[i] >= 0) {
            i++;
        }
        if (i == b.length) {
            return true;
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer unused = dec.decode(ByteBuffer.wrap(b));
            return unused != null;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** UTF-8 bytes to parse (lone CRs already turned into LF). Do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    /** The same bytes as a Latin-1 string: one char per byte, for fast {@code indexOf} searches. */
    public String latin1() {
        return latin1;
    }

    public String encoding() {
        return encoding;
    }

    public boolean decodeError() {
        return decodeError;
    }

    /** Number of lines as Python counts them. */
    public int lineCount() {
        return lineCount;
    }

    /** 1-based line of a byte offset. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 1-based column, in code points, of a byte offset. Costs at most a few thousand bytes, whatever the line. */
    public int column(int offset) {
        return column(offset, line(offset));
    }

    /** {@link #column(int)} of an offset whose 1-based {@code line} the caller already has ({@link #line}). */
    int column(int offset, int line) {
        int start = lineStarts[line - 1];
        int end = Math.min(offset, bytes.length);
        if (end <= start) {
            return 1;
        }
        if (codePointsBefore == null) {
            return end - start + 1;
        }
        return codePointsUpTo(end) - codePointsUpTo(start) + 1;
    }

    private static int[] codePointCheckpoints(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] >= 0) {
            i++;
        }
        if (i == b.length) {
            return null;
        }
        int[] cp = new int[(b.length >> CHUNK_BITS) + 1];
        int count = 0;
        for (int k = 0; k < b.length; k++) {
            if ((k & ((1 << CHUNK_BITS) - 1)) == 0) {
                cp[k >> CHUNK_BITS] = count;
            }
            if ((b[k] & 0xC0) != 0x80) {
                count++;
            }
        }
        return cp;
    }

    /** Code points starting before byte {@code offset}. */
    private int codePointsUpTo(int offset) {
        int chunk = offset >> CHUNK_BITS;
        int count = codePointsBefore[chunk];
        for (int i = chunk << CHUNK_BITS; i < offset; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }

    /**
     * The text of a 1-based line without its terminator, trimmed ({@link String#strip()}) and cut to {@code max}
     * code points. Each line is decoded once per file, and only its first {@code 4 * max} bytes after the leading
     * white space are turned into a string: the result is the same as trimming the whole line, at a cost bounded by
     * {@code max} rather than the line's length (beyond one scan of the line).
     */
    public String lineText(int line, int max) {
        if (line == lastLine) {
            return lastLineText;
        }
        String s = lineTexts.get(line);
        if (s == null) {
            s = boundedLineText(line, max);
            lineTexts.put(line, s);
        }
        lastLine = line;
        lastLineText = s;
        return s;
    }

    private String boundedLineText(int line, int max) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : bytes.length;
        while (end > start && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        // Leading white space, code point by code point (what strip() removes).
        int from = start;
        while (from < end) {
            int len = utf8Length(bytes[from]);
            int cp = codePointAt(from, len);
            if (!Character.isWhitespace(cp)) {
                break;
            }
            from += len;
        }
        // A window of at most 4 * max + 4 bytes holds at least max code points, ending at a code point boundary.
        long windowEnd = Math.min(end, from + 4L * max + 4);
        int to = (int) windowEnd;
        while (to < end && to > from && (bytes[to] & 0xC0) == 0x80) {
            to--;
        }
        String s = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        if (to == end) {
            s = s.strip();
        } else if (restIsWhitespace(to, end)) {
            // The line's tail is white space: strip() would remove it, so trailing white space of the window goes
            // only when the window's text itself is within max code points (cut first, like the original).
            s = s.stripTrailing();
        }
        if (s.codePointCount(0, s.length()) > max) {
            s = s.substring(0, s.offsetByCodePoints(0, max));
        }
        return s;
    }

    private boolean restIsWhitespace(int from, int end) {
        int i = from;
        while (i < end) {
            int len = utf8Length(bytes[i]);
            if (!Character.isWhitespace(codePointAt(i, len))) {
                return false;
            }
            i += len;
        }
        return true;
    }

    private static int utf8Length(byte lead) {
        int c = lead & 0xff;
        return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }

    private int codePointAt(int i, int len) {
        int c = bytes[i] & 0xff;
        if (len == 1 || i + len > bytes.length) {
            return c;
        }
        int cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (int k = 1; k < len; k++) {
            cp = (cp << 6) | (bytes[i + k] & 0x3F);
        }
        return cp;
    }

    /** UTF-8 text of a byte range. */
    public String text(int start, int end) {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}
