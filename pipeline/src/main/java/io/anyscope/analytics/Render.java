package io.anyscope.analytics;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Table} as a text grid, CSV (RFC 4180), JSON (array of objects), GFM Markdown or an HTML table. */
public final class Render {
    private Render() {
    }

    public static String text(Table t) {
        int n = t.columns().size();
        int[] w = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w[i] = t.columns().get(i).length();
        }
        for (List<Object> r : t.rows()) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = r.get(i) == null ? "NULL" : Table.text(r.get(i)).replace('\n', ' ');
                w[i] = Math.max(w[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder b = new StringBuilder();
        StringBuilder rule = new StringBuilder("+");
        for (int i = 0; i < n; i++) {
            rule.append("-".repeat(w[i] + 2)).append('+');
        }
        b.append(rule).append('\n').append('|');
        for (int i = 0; i < n; i++) {
            b.append(' ').append(pad(t.columns().get(i), w[i], false)).append(" |");
        }
        b.append('\n').append(rule).append('\n');
        for (String[] c : cells) {
            b.append('|');
            for (int i = 0; i < n; i++) {
                b.append(' ').append(pad(c[i], w[i], t.numeric(i))).append(" |");
            }
            b.append('\n');
        }
        b.append(rule).append('\n');
        b.append(t.size()).append(t.size() == 1 ? " row\n" : " rows\n");
        return b.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String sp = " ".repeat(Math.max(0, w - s.length()));
        return right ? sp + s : s + sp;
    }

    public static String csv(Table t) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", t.columns().stream().map(Render::csvCell).toList())).append("\r\n");
        for (List<Object> r : t.rows()) {
            List<String> c = new ArrayList<>();
            for (Object v : r) {
                c.add(csvCell(Table.text(v)));
            }
            b.append(String.join(",", c)).append("\r\n");
        }
        return b.toString();
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    public static String json(Table t) {
        StringBuilder b = new StringBuilder("[");
        for (int r = 0; r < t.size(); r++) {
            b.append(r == 0 ? "\n  {" : ",\n  {");
            List<Object> row = t.rows().get(r);
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(jsonString(t.columns().get(i))).append(": ").append(jsonValue(row.get(i)));
            }
            b.append('}');
        }
        return b.append(t.size() == 0 ? "]\n" : "\n]\n").toString();
    }

    static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : Table.text(d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return jsonString(Table.text(v));
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    public static String markdown(Table t) {
        if (t.columns().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("|");
        for (String c : t.columns()) {
            b.append(' ').append(mdCell(c)).append(" |");
        }
        b.append("\n|");
        for (int i = 0; i < t.columns().size(); i++) {
            b.append(t.numeric(i) ? " ---: |" : " --- |");
        }
        b.append('\n');
        for (List<Object> r : t.rows()) {
            b.append('|');
            for (Object v : r) {
                b.append(' ').append(mdCell(Table.text(v))).append(" |");
            }
            b.append('\n');
        }
        if (t.size() == 0) {
            b.append("\n_(no rows)_\n");
        }
        return b.toString();
    }

    private static String mdCell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A sortable HTML table (click a header); at most {@code limit} rows, with a note when cut. */
    public static String html(Table t, int limit) {
        StringBuilder b = new StringBuilder("<div class=\"tw\"><table class=\"sortable\"><thead><tr>");
        for (String c : t.columns()) {
            b.append("<th title=\"sort\">").append(escape(c)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        int shown = Math.min(limit, t.size());
        for (int r = 0; r < shown; r++) {
            b.append("<tr>");
            List<Object> row = t.rows().get(r);
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                if (v instanceof Number) {
                    b.append("<td class=\"num\" data-v=\"").append(Table.text(v)).append("\">")
                            .append(escape(Table.text(v))).append("</td>");
                } else {
                    b.append("<td>").append(v == null ? "<span class=\"null\">–</span>" : escape(Table.text(v)))
                            .append("</td>");
                }
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div>");
        if (t.size() == 0) {
            b.append("<p class=\"note\">No rows.</p>");
        } else if (shown < t.size()) {
            b.append("<p class=\"note\">Showing ").append(shown).append(" of ").append(t.size()).append(" rows.</p>");
        }
        return b.toString();
    }
}
