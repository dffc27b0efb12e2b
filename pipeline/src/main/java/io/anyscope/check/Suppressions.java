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
 * nothing and is a finding of its own.
 */
final class Suppressions {
    private static final Pattern COMMENT = Pattern.compile("#\\s*anyscope:\\s*ignore\\[([^\\]]*)\\]\\s*(.*)$");

    /** One suppression comment. */
    record Suppression(int line, List<String> names, String reason) {
        boolean hasReason() {
            return !reason.isBlank();
        }

        boolean covers(Site s) {
            for (String n : names) {
                if (n.endsWith("*") ? s.displaySymbol().startsWith(n.substring(0, n.length() - 1))
                        : n.equals(s.displaySymbol()) || n.equals(s.ruleId()) || n.equals(s.symbol())) {
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

    static final Suppressions NONE = new Suppressions(Map.of());

    /** Reads the suppression comments of a file's content (lines end at LF, CRLF or a lone CR, as Python's do). */
    static Suppressions of(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.contains("anyscope:")) {
            return NONE;
        }
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
        for (int line : new int[] {s.line(), s.line() - 1}) {
            Suppression x = byLine.get(line);
            if (x != null && x.covers(s)) {
                return x;
            }
        }
        return null;
    }
}
