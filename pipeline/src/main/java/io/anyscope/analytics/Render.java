package io.anyscope.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/** Renders a {@link Table} as CSV (RFC 4180), JSON (array of objects), GFM Markdown or an HTML table. */
public final class Render {
    private Render() {
    }

    /** The CSV dialect of every anyscope output: RFC 4180 (comma, double quotes, CRLF), header first. */
    public static final CSVFormat CSV = CSVFormat.RFC4180;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String csv(Table t) {
        StringBuilder b = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(b, CSV)) {
            p.printRecord(t.columns());
            for (List<Object> r : t.rows()) {
                p.printRecord(r.stream().map(Table::text).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return b.toString();
    }

    /** A JSON array of one object per row, one row a line. */
    public static String json(Table t) {
        StringBuilder b = new StringBuilder("[");
        for (int r = 0; r < t.size(); r++) {
            b.append(r == 0 ? "\n  " : ",\n  ").append(jsonLine(t.columns(), t.rows().get(r)));
        }
        return b.append(t.size() == 0 ? "]\n" : "\n]\n").toString();
    }

    /** One row as a compact JSON object: numbers and booleans as such, NaN/Infinity as null, the rest as text. */
    public static String jsonLine(List<String> columns, List<?> values) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i < columns.size(); i++) {
            n.set(columns.get(i), jsonValue(values.get(i)));
        }
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain nodes always serialises
        }
    }

    static JsonNode jsonValue(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? f.nullNode() : f.numberNode(new BigDecimal(Table.text(d)));
        }
        if (v instanceof Float x) {
            return jsonValue(x.doubleValue());
        }
        if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (v instanceof BigInteger i) {
            return f.numberNode(i);
        }
        if (v instanceof Number x) {
            return f.numberNode(x.longValue());
        }
        if (v instanceof Boolean x) {
            return f.booleanNode(x);
        }
        return f.textNode(Table.text(v));
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

    /** Rows of a table embedded in an HTML page at most; the rest are in its CSV and JSON files. */
    public static final int EMBED_LIMIT = 10_000;
    /** Cells longer than this are cut in the page; the whole text is in the cell's tooltip. */
    static final int LONG_TEXT = 60;

    /**
     * A table for the HTML reports: its rows embedded as JSON (columns once, strings of repeated values as indexes
     * into a list per column), drawn one page at a time by the page script, which sorts (click a header), filters
     * (the box above) and pages. Headers are labels (PageFrame.columnLabel; the column id in the tooltip); columns
     * are ordered what, where, who, how much (PageFrame.columnRank), category ids become their labels and catalog
     * texts lose internal references (PageFrame.userText). At most {@link #EMBED_LIMIT} rows, with a note naming
     * the file that holds them all.
     */
    public static String dataTable(Table t, String name, PageFrame frame) {
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingInt(i -> PageFrame.columnRank(t.columns().get(i))));
        int shown = Math.min(EMBED_LIMIT, t.size());
        com.fasterxml.jackson.databind.node.ObjectNode d = JSON.createObjectNode();
        d.put("name", name);
        d.put("total", t.size());
        com.fasterxml.jackson.databind.node.ArrayNode cols = d.putArray("cols");
        List<java.util.Map<String, Integer>> dicts = new java.util.ArrayList<>();
        for (int i : order) {
            String c = t.columns().get(i);
            com.fasterxml.jackson.databind.node.ObjectNode o = cols.addObject();
            o.put("id", c);
            o.put("label", PageFrame.columnLabel(c));
            boolean num = t.numeric(i);
            o.put("num", num);
            java.util.Map<String, Integer> dict = null;
            if (!num && shown > 20) {
                java.util.Set<String> distinct = new java.util.HashSet<>();
                for (int r = 0; r < shown && distinct.size() <= shown / 3; r++) {
                    distinct.add(cell(t.rows().get(r).get(i), c, frame));
                }
                if (distinct.size() <= shown / 3) {
                    dict = new java.util.LinkedHashMap<>();
                }
            }
            dicts.add(dict);
        }
        com.fasterxml.jackson.databind.node.ArrayNode rows = d.putArray("rows");
        for (int r = 0; r < shown; r++) {
            com.fasterxml.jackson.databind.node.ArrayNode a = rows.addArray();
            List<Object> row = t.rows().get(r);
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k);
                Object v = row.get(i);
                java.util.Map<String, Integer> dict = dicts.get(k);
                if (v == null) {
                    a.addNull();
                } else if (v instanceof Number && !(v instanceof java.math.BigInteger)) {
                    a.add(jsonValue(v));
                } else if (dict != null) {
                    String s = cell(v, t.columns().get(i), frame);
                    a.add(dict.computeIfAbsent(s, x -> dict.size()));
                } else {
                    a.add(cell(v, t.columns().get(i), frame));
                }
            }
        }
        for (int k = 0; k < order.size(); k++) {
            if (dicts.get(k) != null) {
                com.fasterxml.jackson.databind.node.ArrayNode values =
                        ((com.fasterxml.jackson.databind.node.ObjectNode) cols.get(k)).putArray("dict");
                dicts.get(k).keySet().forEach(values::add);
            }
        }
        StringBuilder b = new StringBuilder("<div class=\"dt\"><div class=\"dt-ctl\"><input type=\"search\" "
                + "placeholder=\"Filter rows\" aria-label=\"Filter rows\"> <button type=\"button\" class=\"dt-prev\">"
                + "&lsaquo; Previous</button> <span class=\"dt-info\"></span> <button type=\"button\" "
                + "class=\"dt-next\">Next &rsaquo;</button></div><div class=\"tw\"><table class=\"data\"><thead><tr>");
        for (int i : order) {
            b.append("<th title=\"").append(escape(t.columns().get(i))).append(" (click to sort)\">")
                    .append(escape(PageFrame.columnLabel(t.columns().get(i)))).append("</th>");
        }
        b.append("</tr></thead><tbody></tbody></table></div><script type=\"application/json\" class=\"dt-data\">")
                .append(WebCharts.json(d)).append("</script>");
        if (t.size() == 0) {
            b.append("<p class=\"note\">No rows.</p>");
        } else if (shown < t.size()) {
            b.append("<p class=\"note\">This page holds the first ").append(shown).append(" of ").append(t.size())
                    .append(" rows; all of them are in ").append(escape(name)).append(".csv and ")
                    .append(escape(name)).append(".json (report --format csv,json).</p>");
        }
        return b.append("</div>").toString();
    }

    /** A cell's text in an HTML report: category labels for ids, catalog texts without internal references. */
    private static String cell(Object v, String column, PageFrame frame) {
        String s = Table.text(v);
        if (column.equals("category")) {
            return frame.categoryLabel(s);
        }
        return PageFrame.userText(s);
    }
}
