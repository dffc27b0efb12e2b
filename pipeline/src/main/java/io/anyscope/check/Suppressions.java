package io.anyscope.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppressions of one file: {@code # anyscope: ignore[asyncio.create_task] reason} on a site's line or on the
 * line above it. The brackets hold names separated by commas: a symbol, a catalog rule id, a dependency's
 * distribution name, or a prefix ending in {@code *} ({@code asyncio.*}). A suppression without a reason suppresses
 * nothing and is a finding of its own. {@code check} applies them to its sites; a scan records, per usage fact, the
 * comment that names it (usages.suppression), so the scope report counts and lists suppressed work.
 */
public final class Suppressions {
    private static final byte[] MARK = "anyscope:".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern COMMENT = Pattern.compile("#\\s*anyscope:\\s*ignore\\[([^\\]]*)\\]\\s*(.*)$");

    /** One suppression comment. */
    public record Suppression(int line, List<String> names, String reason) {
        public boolean hasReason() {
            return !reason.isBlank();
        }

        boolean covers(Site s) {
            return covers(s.displaySymbol(), s.ruleId(), s.symbol());
        }

        /** True when a name is the symbol as shown, the catalog rule id or the symbol, or a prefix of the shown one. */
        boolean covers(String shown, String ruleId, String symbol) {
            for (String n : names) {
                if (n.endsWith("*") ? shown.startsWith(n.substring(0, n.length() - 1))
                        : n.equals(shown) || n.equals(ruleId) || n.equals(symbol)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<Integer, Suppression> byLine;

    private Suppressions(Map<Integer, Suppression> byLine) {
        this.byLine = byLine;
    }

    public static final Suppressions NONE = new Suppressions(Map.of());

    /**
     * Reads the suppression comments of a file's content (lines end at LF, CRLF or a lone CR, as Python's do). A file
     * without the marker {@code anyscope:} is not decoded.
     */
    public static Suppressions of(byte[] content) {
        if (!hasMark(content)) {
            return NONE;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        Map<Integer, Suppression> m = new HashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int hash = lines[i].indexOf('#');
            if (hash < 0) {
                continue;
            }
            Matcher x = COMMENT.matcher(lines[i]);
            if (x.find(hash)) {
                List<String> names = new ArrayList<>();
                for (String n : x.group(1).split(",")) {
                    if (!n.isBlank()) {
                        names.add(n.strip());
                    }
                }
                m.put(i + 1, new Suppression(i + 1, List.copyOf(names), x.group(2).strip()));
            }
        }
        return new Suppressions(m);
    }

    /** Every suppression comment, in line order. */
    List<Suppression> all() {
        return byLine.values().stream().sorted(java.util.Comparator.comparingInt(Suppression::line)).toList();
    }

    /** The suppression comment that names {@code s} on its line or the line above, or null. */
    Suppression find(Site s) {
        return find(s.line(), s.displaySymbol(), s.ruleId(), s.symbol());
    }

    /** The suppression comment that names a usage fact (its symbol or rule id) on its line or the line above, or null. */
    public Suppression find(int line, String symbol, String ruleId) {
        return find(line, symbol, ruleId, symbol);
    }

    private Suppression find(int line, String shown, String ruleId, String symbol) {
        if (byLine.isEmpty()) {
            return null;
        }
        for (int l : new int[] {line, line - 1}) {
            Suppression x = byLine.get(l);
            if (x != null && x.covers(shown, ruleId, symbol)) {
                return x;
            }
        }
        return null;
    }

    /** Horspool's shifts for {@link #MARK}: how far the window may move when its last byte is this one. */
    private static final int[] SHIFT = new int[256];

    static {
        java.util.Arrays.fill(SHIFT, MARK.length);
        for (int i = 0; i < MARK.length - 1; i++) {
            SHIFT[MARK[i] & 0xff] = MARK.length - 1 - i;
        }
    }

    /**
     * Whether {@code a} holds the marker anywhere: a Horspool search, which looks at about one byte in eight (every
     * scanned file with facts is searched).
     */
    static boolean hasMark(byte[] a) {
        int m = MARK.length;
        for (int i = 0, last = a.length - m; i <= last; i += SHIFT[a[i + m - 1] & 0xff]) {
            if (a[i + m - 1] == MARK[m - 1] && java.util.Arrays.equals(a, i, i + m - 1, MARK, 0, m - 1)) {
                return true;
            }
        }
        return false;
    }
}
