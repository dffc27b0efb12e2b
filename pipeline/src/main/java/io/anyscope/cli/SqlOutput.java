package io.anyscope.cli;

import io.anyscope.analytics.Table;
import io.anyscope.pipeline.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@code anyscope sql} (and {@code extract --format table}) shows a result: a table fitted to the terminal's
 * width, one column per line ({@code .mode line}), or tab-separated lines for scripts ({@code --format tsv|plain}).
 * Control characters from the data are shown escaped ({@code \n}, {@code \x1b}), never sent to the terminal.
 */
final class SqlOutput {
    /** A column is never cut narrower than this. */
    static final int MIN_WIDTH = 6;

    private SqlOutput() {
    }

    /** A cell as text on one line: NULL as {@code NULL}, control characters escaped. */
    static String cell(Object v) {
        return v == null ? "NULL" : Problem.visible(Table.text(v));
    }

    /**
     * A boxed table no wider than {@code width} characters (0: as wide as it needs): when the natural widths do not
     * fit, the widest columns are cut (their cells end with {@code …}); columns that still do not fit are left out,
     * and the last line says which and how to see them ({@code .mode line}).
     */
    static String table(Table t, int width) {
        int n = t.columns().size();
        int[] w = new int[n];
        List<String[]> cells = new ArrayList<>();
        String[] head = new String[n];
        for (int i = 0; i < n; i++) {
            head[i] = Problem.visible(t.columns().get(i));
            w[i] = head[i].length();
        }
        for (List<Object> r : t.rows()) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = cell(r.get(i));
                w[i] = Math.max(w[i], c[i].length());
            }
            cells.add(c);
        }
        int shown = n;
        if (width > 0) {
            // Cut the widest column by one until the table fits or every column is at its floor.
            while (total(w, shown) > width) {
                int widest = -1;
                for (int i = 0; i < shown; i++) {
                    if (w[i] > MIN_WIDTH && (widest < 0 || w[i] > w[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break;
                }
                w[widest]--;
            }
            while (shown > 1 && total(w, shown) > width) {
                shown--;
            }
        }
        StringBuilder b = new StringBuilder();
        StringBuilder rule = new StringBuilder("+");
        for (int i = 0; i < shown; i++) {
            rule.append("-".repeat(w[i] + 2)).append('+');
        }
        b.append(rule).append('\n').append('|');
        for (int i = 0; i < shown; i++) {
            b.append(' ').append(pad(cut(head[i], w[i]), w[i], false)).append(" |");
        }
        b.append('\n').append(rule).append('\n');
        for (String[] c : cells) {
            b.append('|');
            for (int i = 0; i < shown; i++) {
                b.append(' ').append(pad(cut(c[i], w[i]), w[i], t.numeric(i))).append(" |");
            }
            b.append('\n');
        }
        b.append(rule).append('\n');
        b.append(t.size()).append(t.size() == 1 ? " row" : " rows");
        if (shown < n) {
            b.append(" (").append(n - shown).append(n - shown == 1 ? " column" : " columns")
                    .append(" not shown: ").append(String.join(", ", t.columns().subList(shown, n)))
                    .append("; .mode line shows every column)");
        }
        return b.append('\n').toString();
    }

    /** Each row as one {@code column = value} line per column (sqlite's {@code .mode line}), rows apart. */
    static String lines(Table t) {
        int w = 0;
        for (String c : t.columns()) {
            w = Math.max(w, Problem.visible(c).length());
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < t.size(); r++) {
            if (r > 0) {
                b.append('\n');
            }
            for (int i = 0; i < t.columns().size(); i++) {
                b.append(pad(Problem.visible(t.columns().get(i)), w, true)).append(" = ")
                        .append(cell(t.rows().get(r).get(i))).append('\n');
            }
        }
        return b.append(t.size()).append(t.size() == 1 ? " row\n" : " rows\n").toString();
    }

    /**
     * Tab-separated lines ending in LF, for scripts: NULL is empty; a backslash, tab, newline or other control
     * character in a value is written as an escape ({@code \\}, {@code \t}, {@code \n}, {@code \x1b}), so one line is
     * one row. With {@code header} the first line names the columns ({@code --format tsv}); without, a single value
     * is just that value ({@code --format plain}).
     */
    static String tsv(Table t, boolean header) {
        StringBuilder b = new StringBuilder();
        if (header) {
            b.append(String.join("\t", t.columns().stream().map(SqlOutput::tsvField).toList())).append('\n');
        }
        for (List<Object> r : t.rows()) {
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    b.append('\t');
                }
                b.append(r.get(i) == null ? "" : tsvField(Table.text(r.get(i))));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String tsvField(String s) {
        return Problem.visible(s.replace("\\", "\\\\"));
    }

    private static int total(int[] w, int shown) {
        int sum = 1;
        for (int i = 0; i < shown; i++) {
            sum += w[i] + 3;
        }
        return sum;
    }

    private static String cut(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(0, w - 1)) + "…";
    }

    private static String pad(String s, int w, boolean right) {
        String sp = " ".repeat(Math.max(0, w - s.length()));
        return right ? sp + s : s + sp;
    }
}
