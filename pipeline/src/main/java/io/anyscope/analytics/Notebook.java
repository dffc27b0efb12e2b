package io.anyscope.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notebook: a Markdown file whose fenced {@code ```sql} blocks are cells. The info string may ask for a chart:
 * {@code ```sql chart=line x=week y=pct_migrated series=repo title="..."} (chart = line, bar or stacked).
 * Executing it renders one self-contained HTML page.
 */
public final class Notebook {
    /** A piece of the file: Markdown text, or a SQL cell (numbered from 1) with its options. */
    public record Part(String markdown, int cell, String sql, Map<String, String> options) {
        boolean isCell() {
            return sql != null;
        }
    }

    /** A cell failed: the message names the cell and carries DuckDB's message. */
    public static final class CellException extends Exception {
        public CellException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Notebook() {
    }

    public static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        String[] lines = text.split("\r?\n", -1);
        int cell = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String t = l.strip();
            if (t.startsWith("```sql") && (t.length() == 6 || Character.isWhitespace(t.charAt(6)))) {
                StringBuilder sql = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && !lines[j].strip().equals("```")) {
                    sql.append(lines[j]).append('\n');
                    j++;
                }
                if (!md.isEmpty()) {
                    parts.add(new Part(md.toString(), 0, null, Map.of()));
                    md.setLength(0);
                }
                parts.add(new Part(null, ++cell, sql.toString(), options(t.substring(6))));
                i = j;
            } else {
                md.append(l).append('\n');
            }
        }
        if (!md.toString().isBlank()) {
            parts.add(new Part(md.toString(), 0, null, Map.of()));
        }
        return parts;
    }

    static Map<String, String> options(String info) {
        Map<String, String> m = new LinkedHashMap<>();
        int i = 0;
        int n = info.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(info.charAt(i))) {
                i++;
            }
            int eq = info.indexOf('=', i);
            if (i >= n || eq < 0) {
                break;
            }
            String k = info.substring(i, eq).strip();
            int v = eq + 1;
            String val;
            if (v < n && info.charAt(v) == '"') {
                int end = info.indexOf('"', v + 1);
                end = end < 0 ? n : end;
                val = info.substring(v + 1, end);
                i = end + 1;
            } else {
                int end = v;
                while (end < n && !Character.isWhitespace(info.charAt(end))) {
                    end++;
                }
                val = info.substring(v, end);
                i = end;
            }
            m.put(k, val);
        }
        return m;
    }

    /** Runs every cell in order and renders the page. */
    public static String execute(String title, String text, Warehouse w) throws CellException {
        StringBuilder b = new StringBuilder();
        for (Part p : parse(text)) {
            if (!p.isCell()) {
                b.append(Report.markdownToHtml(p.markdown()));
                continue;
            }
            b.append("<div class=\"cell\"><div class=\"cell-h\">cell ").append(p.cell()).append("</div><pre><code>")
                    .append(Render.escape(p.sql().strip())).append("</code></pre>");
            Table last = null;
            for (String st : Warehouse.splitStatements(p.sql())) {
                try {
                    Table t = w.query(st);
                    if (!t.columns().isEmpty()) {
                        last = t;
                    }
                } catch (WarehouseException e) {
                    throw new CellException("cell " + p.cell() + " failed: " + e.getMessage(), e);
                }
            }
            if (last != null) {
                String chart = p.options().get("chart");
                if (chart != null) {
                    try {
                        Charts.Kind kind = Charts.Kind.valueOf(chart.toUpperCase(java.util.Locale.ROOT));
                        String x = p.options().getOrDefault("x", last.columns().get(0));
                        String y = p.options().getOrDefault("y", last.columns().get(Math.min(1, last.columns().size() - 1)));
                        b.append("<div class=\"chart\">").append(Charts.svg(kind, p.options().getOrDefault("title", ""),
                                last, x, y, p.options().get("series"), 760, 320)).append("</div>");
                    } catch (IllegalArgumentException e) {
                        throw new CellException("cell " + p.cell() + " failed: bad chart options " + p.options()
                                + ": " + e.getMessage(), e);
                    }
                }
                b.append(Render.html(last, 500));
            }
            b.append("</div>\n");
        }
        b.append("<p class=\"note\">Data: generation ").append(Render.escape(w.generation())).append(" of ")
                .append(Render.escape(w.data().toString())).append(", read as one for the whole notebook.</p>\n");
        return HtmlPage.page(title, b.toString());
    }
}
