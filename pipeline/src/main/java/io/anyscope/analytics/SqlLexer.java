package io.anyscope.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one reading of SQL text that anyscope does itself, as DuckDB reads it: where comments ({@code --} to the end of
 * the line, {@code /* *\/}, nested), string literals ({@code '...'} with doubled quotes, {@code E'...'} with
 * backslash escapes, {@code $tag$...$tag$}) and quoted identifiers ({@code "..."}) start and end. Statements are split
 * at the semicolons outside them ({@link #split}), the prompt knows when a statement is complete ({@link #complete}),
 * and the write guard reads a statement's first keywords and its literals ({@link #keywords}, {@link #literals}).
 */
public final class SqlLexer {
    /** What a piece of the text is. */
    enum Kind { CODE, COMMENT, STRING, IDENTIFIER }

    /** A piece {@code [start, end)} of the text; {@code closed} is false when the text ends inside it. */
    record Span(Kind kind, int start, int end, boolean closed) {
    }

    private SqlLexer() {
    }

    /** The text cut into pieces: every character of code is a one-character CODE span. */
    static List<Span> spans(String sql) {
        List<Span> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char ch = sql.charAt(i);
            int end;
            Kind kind;
            boolean closed = true;
            if (sql.startsWith("--", i)) {
                kind = Kind.COMMENT;
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? n : nl;
            } else if (sql.startsWith("/*", i)) {
                kind = Kind.COMMENT;
                int depth = 1;
                int j = i + 2;
                while (j < n && depth > 0) {
                    if (sql.startsWith("/*", j)) {
                        depth++;
                        j += 2;
                    } else if (sql.startsWith("*/", j)) {
                        depth--;
                        j += 2;
                    } else {
                        j++;
                    }
                }
                end = j;
                closed = depth == 0;
            } else if (ch == '\'' || ch == '"') {
                kind = ch == '\'' ? Kind.STRING : Kind.IDENTIFIER;
                boolean escapes = ch == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isWord(sql.charAt(i - 2)));
                int j = i + 1;
                closed = false;
                while (j < n) {
                    char c = sql.charAt(j);
                    if (escapes && c == '\\') {
                        j += 2;
                        continue;
                    }
                    if (c == ch) {
                        if (j + 1 < n && sql.charAt(j + 1) == ch) {
                            j += 2;
                            continue;
                        }
                        closed = true;
                        j++;
                        break;
                    }
                    j++;
                }
                end = Math.min(j, n);
            } else if (ch == '$' && dollarTag(sql, i) != null) {
                kind = Kind.STRING;
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                closed = close >= 0;
                end = closed ? close + tag.length() : n;
            } else {
                kind = Kind.CODE;
                end = i + 1;
            }
            out.add(new Span(kind, i, end, closed));
            i = end;
        }
        return out;
    }

    /** {@code $tag$} (or {@code $$}) starting at {@code i}, not a parameter such as {@code $1}; null otherwise. */
    private static String dollarTag(String sql, int i) {
        if (i > 0 && isWord(sql.charAt(i - 1))) {
            return null; // part of a name
        }
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /**
     * Splits a script at top-level semicolons, ignoring those inside quotes and comments. Statements that are only
     * comments are dropped.
     */
    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int from = 0;
        boolean code = false;
        for (Span s : spans(sql)) {
            if (s.kind() == Kind.CODE && sql.charAt(s.start()) == ';') {
                if (code) {
                    out.add(sql.substring(from, s.start()).strip());
                }
                from = s.end();
                code = false;
            } else if (s.kind() != Kind.COMMENT && !Character.isWhitespace(sql.charAt(s.start()))) {
                code = true;
            }
        }
        if (code) {
            out.add(sql.substring(from).strip());
        }
        return out;
    }

    /**
     * True when the text ends a statement: nothing is left open (a quote, a comment) and its last code character is
     * {@code ;}.
     */
    public static boolean complete(String sql) {
        char last = 0;
        for (Span s : spans(sql)) {
            if (!s.closed()) {
                return false; // inside a quote or a block comment
            }
            char c = sql.charAt(s.start());
            if (s.kind() != Kind.COMMENT && !Character.isWhitespace(c)) {
                last = s.kind() == Kind.CODE ? c : 0;
            }
        }
        return last == ';';
    }

    /** The first {@code n} keywords of a statement (upper case), skipping comments; "(" counts as one. */
    public static List<String> keywords(String sql, int n) {
        List<String> out = new ArrayList<>();
        List<Span> spans = spans(sql);
        for (int k = 0; k < spans.size() && out.size() < n; k++) {
            Span s = spans.get(k);
            char ch = sql.charAt(s.start());
            if (s.kind() == Kind.COMMENT || (s.kind() == Kind.CODE && Character.isWhitespace(ch))) {
                continue;
            }
            if (s.kind() != Kind.CODE) {
                break;
            }
            if (ch == '(') {
                out.add("(");
            } else if (Character.isLetter(ch) || ch == '_') {
                int j = k;
                while (j < spans.size() && spans.get(j).kind() == Kind.CODE
                        && (Character.isLetterOrDigit(sql.charAt(spans.get(j).start()))
                        || sql.charAt(spans.get(j).start()) == '_')) {
                    j++;
                }
                out.add(sql.substring(s.start(), spans.get(j - 1).end()).toUpperCase(Locale.ROOT));
                k = j - 1;
            } else {
                break;
            }
        }
        return out;
    }

    /**
     * The statement's string literals: {@code '...'} with doubled quotes undone ({@code E''} escapes not interpreted)
     * and the text of {@code $tag$...$tag$}.
     */
    public static List<String> literals(String sql) {
        List<String> out = new ArrayList<>();
        for (Span s : spans(sql)) {
            if (s.kind() != Kind.STRING) {
                continue;
            }
            if (sql.charAt(s.start()) == '$') {
                String tag = dollarTag(sql, s.start());
                out.add(sql.substring(s.start() + tag.length(), s.closed() ? s.end() - tag.length() : s.end()));
            } else {
                out.add(sql.substring(s.start() + 1, s.closed() ? s.end() - 1 : s.end()).replace("''", "'"));
            }
        }
        return out;
    }
}
