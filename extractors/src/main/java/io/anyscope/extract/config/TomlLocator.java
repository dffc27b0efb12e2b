package io.anyscope.extract.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of a value in TOML text. Jackson's TOML reader builds a tree without locations, so lines are found
 * by searching the text: first inside the table whose header is the longest prefix of the value's key path (from
 * that header to the next one), then anywhere. A found occurrence is claimed, so two equal strings in one table get
 * their own lines. Line 0 when nothing is found.
 */
final class TomlLocator {
    private static final Pattern HEADER =
            Pattern.compile("^[ \\t]*\\[\\[?[ \\t]*((?:[A-Za-z0-9_-]+|\"[^\"\\n]*\"|'[^'\\n]*')"
                    + "(?:[ \\t]*\\.[ \\t]*(?:[A-Za-z0-9_-]+|\"[^\"\\n]*\"|'[^'\\n]*'))*)[ \\t]*]]?[ \\t]*(?:#.*)?$",
                    Pattern.MULTILINE);
    private static final Pattern KEY_PART = Pattern.compile("[A-Za-z0-9_-]+|\"([^\"\\n]*)\"|'([^'\\n]*)'");

    private record Header(List<String> path, int start, int end) {
    }

    private final String text;
    private final List<Integer> lineStarts = new ArrayList<>();
    private final List<Header> headers = new ArrayList<>();
    private final Set<Integer> claimed = new HashSet<>();

    TomlLocator(String text) {
        this.text = text;
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
        Matcher m = HEADER.matcher(text);
        while (m.find()) {
            List<String> path = new ArrayList<>();
            Matcher k = KEY_PART.matcher(m.group(1));
            while (k.find()) {
                path.add(k.group(1) != null ? k.group(1) : k.group(2) != null ? k.group(2) : k.group());
            }
            headers.add(new Header(path, m.start(), m.end()));
        }
    }

    /** 1-based line of an offset. */
    int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts.get(mid) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** [start, end) of the text of the table whose header is the longest prefix of keyPath (the root table if none). */
    private int[] range(List<String> keyPath) {
        int best = -1;
        int bestLen = -1;
        for (int i = 0; i < headers.size(); i++) {
            List<String> p = headers.get(i).path();
            if (p.size() <= keyPath.size() && p.size() > bestLen && keyPath.subList(0, p.size()).equals(p)) {
                best = i;
                bestLen = p.size();
            }
        }
        int start = best < 0 ? 0 : headers.get(best).end();
        int nextIndex = best + 1;
        int end = nextIndex < headers.size() ? headers.get(nextIndex).start() : text.length();
        return new int[] {start, end};
    }

    /** The line of a table header equal to path, or 0. */
    int header(List<String> path) {
        for (Header h : headers) {
            if (h.path().equals(path)) {
                return lineOf(h.start());
            }
        }
        return 0;
    }

    /** The line of a string value (an array element) under keyPath, written as a basic or a literal string. */
    int string(List<String> keyPath, String value) {
        String basic = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String literal = "'" + value + "'";
        int[] r = range(keyPath);
        int at = firstUnclaimed(r[0], r[1], basic, literal);
        if (at < 0) {
            at = firstUnclaimed(0, text.length(), basic, literal);
        }
        if (at < 0) {
            return 0;
        }
        claimed.add(at);
        return lineOf(at);
    }

    /** The line where the last key of keyPath is assigned ({@code key =} or dotted {@code key.x =}), or its own table header. */
    int key(List<String> keyPath) {
        int h = header(keyPath);
        if (h > 0) {
            return h;
        }
        String key = keyPath.get(keyPath.size() - 1);
        String q = Pattern.quote(key);
        Pattern p = Pattern.compile("^[ \\t]*(?:" + q + "|\"" + q + "\"|'" + q + "')[ \\t]*[.=]", Pattern.MULTILINE);
        int[] r = range(keyPath);
        Matcher m = p.matcher(text);
        m.region(r[0], r[1]);
        if (m.find()) {
            return lineOf(m.start());
        }
        return 0;
    }

    private int firstUnclaimed(int from, int to, String... needles) {
        int best = -1;
        for (String needle : needles) {
            int i = text.indexOf(needle, from);
            while (i >= 0 && i + needle.length() <= to) {
                if (!claimed.contains(i)) {
                    if (best < 0 || i < best) {
                        best = i;
                    }
                    break;
                }
                i = text.indexOf(needle, i + 1);
            }
        }
        return best;
    }
}
