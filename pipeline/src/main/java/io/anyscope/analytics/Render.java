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

    /** Markdown tables show at most this many columns (the rpt_ views put the columns that matter first). */
    public static final int MD_MAX_COLUMNS = 16;

    public static String markdown(Table t) {
        return markdown(t, Integer.MAX_VALUE, null);
    }

    /**
     * A GFM table that survives GitHub's renderer and sanitiser: every cell escaped ({@link #mdCell}), at most
     * {@link #MD_MAX_COLUMNS} columns and {@code maxRows} rows, each cut stated under the table ("and N more rows",
     * naming {@code full}, the file with the whole table, when given).
     */
    public static String markdown(Table t, int maxRows, String full) {
        if (t.columns().isEmpty()) {
            return "";
        }
        int[] link = links(t);
        List<String> dropped = new java.util.ArrayList<>();
        int shownCols = 0;
        for (int i = 0; i < link.length; i++) {
            if (!hidden(link, i) && ++shownCols > MD_MAX_COLUMNS) {
                dropped.add(t.columns().get(i));
                link[i] = -2;
            }
        }
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < t.columns().size(); i++) {
            if (!hidden(link, i)) {
                b.append(' ').append(mdCell(t.columns().get(i))).append(" |");
            }
        }
        b.append("\n|");
        for (int i = 0; i < t.columns().size(); i++) {
            if (!hidden(link, i)) {
                b.append(t.numeric(i) ? " ---: |" : " --- |");
            }
        }
        b.append('\n');
        int shown = Math.min(maxRows, t.size());
        for (List<Object> r : t.rows().subList(0, shown)) {
            b.append('|');
            for (int i = 0; i < r.size(); i++) {
                if (hidden(link, i)) {
                    continue;
                }
                String cell = mdCell(Table.text(r.get(i)));
                Object url = link[i] < 0 ? null : r.get(link[i]);
                b.append(' ').append(url == null || !browsable(Table.text(url)) || cell.isEmpty() ? cell
                        : "[" + cell + "](<" + mdUrl(Table.text(url)) + ">)").append(" |");
            }
            b.append('\n');
        }
        if (t.size() == 0) {
            b.append("\n_(no rows)_\n");
        }
        String where = full == null ? "" : " (all of them in " + mdCell(full) + ")";
        if (shown < t.size()) {
            b.append("\n_… and ").append(t.size() - shown).append(" more rows").append(where).append("_\n");
        }
        if (!dropped.isEmpty()) {
            b.append("\n_Columns left out here: ").append(mdCell(String.join(", ", dropped))).append(where)
                    .append("_\n");
        }
        return b.toString();
    }

    /**
     * For each column, the index of the column {@code NAME_url} that is its link, else -1; a link column itself is
     * marked {@code -2} (HTML and Markdown do not show it; CSV and JSON keep it).
     */
    static int[] links(Table t) {
        List<String> cols = t.columns();
        int[] link = new int[cols.size()];
        java.util.Arrays.fill(link, -1);
        for (int i = 0; i < cols.size(); i++) {
            int u = cols.indexOf(cols.get(i) + "_url");
            if (u >= 0) {
                link[i] = u;
                link[u] = -2;
            }
        }
        return link;
    }

    private static boolean hidden(int[] link, int i) {
        return link[i] == -2;
    }

    /** A URL inside {@code <...>} of a Markdown link: no angle brackets, spaces or line breaks. */
    private static String mdUrl(String url) {
        return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20").replace("\n", "").replace("\r", "");
    }

    /**
     * Only http(s) and file: URLs and links within the reports ({@link #LOCAL}) become links; anything else
     * (javascript:, data:) is shown as text.
     */
    static boolean linkable(Object url) {
        String u = url == null ? "" : Table.text(url);
        return browsable(u) || LOCAL.matcher(u).matches();
    }

    /** An http(s) or file: URL: a link that works wherever the report is read. */
    private static boolean browsable(String u) {
        return u.startsWith("https://") || u.startsWith("http://") || u.startsWith("file:");
    }

    /**
     * A link within the HTML reports: a report page beside or below this one ({@code explore/svc.html}, with an
     * optional fragment), or a filter of a table of this page ({@code #TABLE:COLUMN=VALUE}, read by the page
     * script). Markdown shows them as text: a pasted report has no pages beside it.
     */
    static final java.util.regex.Pattern LOCAL = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*\\.html(?:#[^\\s\"'<>]*)?"
                    + "|#[A-Za-z0-9_]+:[A-Za-z0-9_]+=[^\\s\"'<>]*");

    /** Characters CommonMark/GFM give a meaning inside a table cell: backslash-escaped (any ASCII punctuation may be). */
    private static final String MD_SPECIAL = "\\`*_[]<>|~&";

    /**
     * Text as one Markdown table cell, shown literally by CommonMark and GitHub: {@code <module>} is no HTML tag,
     * {@code __init__} no emphasis, a pipe no column break, a backtick no code span; line breaks become spaces.
     */
    static String mdCell(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else {
                boolean intraword = c == '_' && i > 0 && i + 1 < s.length()
                        && Character.isLetterOrDigit(s.charAt(i - 1)) && Character.isLetterOrDigit(s.charAt(i + 1));
                if (MD_SPECIAL.indexOf(c) >= 0 && !intraword) {  // create_task stays as it is: no emphasis inside a word
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * A sortable HTML table (click a header); at most {@code limit} rows, with a note when cut. A column
     * {@code NAME_url} is not shown: it makes the cells of column NAME links ({@code <a href>}).
     */
    public static String html(Table t, int limit) {
        int[] link = links(t);
        StringBuilder b = new StringBuilder("<div class=\"tw\"><table class=\"sortable\"><thead><tr>");
        for (int i = 0; i < t.columns().size(); i++) {
            if (!hidden(link, i)) {
                b.append("<th title=\"sort\">").append(escape(t.columns().get(i))).append("</th>");
            }
        }
        b.append("</tr></thead><tbody>");
        int shown = Math.min(limit, t.size());
        for (int r = 0; r < shown; r++) {
            b.append("<tr>");
            List<Object> row = t.rows().get(r);
            for (int i = 0; i < row.size(); i++) {
                if (hidden(link, i)) {
                    continue;
                }
                Object v = row.get(i);
                Object url = link[i] < 0 ? null : row.get(link[i]);
                String text = v == null ? "<span class=\"null\">–</span>" : escape(Table.text(v));
                if (v != null && linkable(url)) {
                    text = "<a href=\"" + escape(Table.text(url)) + "\">" + text + "</a>";
                }
                if (v instanceof Number) {
                    b.append("<td class=\"num\" data-v=\"").append(Table.text(v)).append("\">").append(text)
                            .append("</td>");
                } else {
                    b.append("<td>").append(text).append("</td>");
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
     * the file that holds them all. A column {@code NAME_url} is not shown: it makes the cells of column NAME links
     * (http(s) and file: URLs only).
     */
    public static String dataTable(Table t, String name, PageFrame frame) {
        int[] link = links(t);
        List<Integer> order = new java.util.ArrayList<>();
        List<Integer> linkColumns = new java.util.ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            (hidden(link, i) ? linkColumns : order).add(i);
        }
        order.sort(java.util.Comparator.comparingInt(i -> PageFrame.columnRank(t.columns().get(i))));
        int visible = order.size();
        order.addAll(linkColumns);  // NAME_url columns last, hidden: the page script makes NAME's cells links
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
            if (hidden(link, i)) {
                o.put("hidden", true);
            } else if (link[i] >= 0) {
                o.put("link", order.indexOf(link[i]));
            }
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
                if (v == null || hidden(link, i) && !linkable(v)) {
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
        for (int i : order.subList(0, visible)) {
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
