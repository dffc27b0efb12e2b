package io.anyscope.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Charts of the HTML reports, drawn in the page by Chart.js (vendored, inlined by {@link HtmlPage}): each chart is a
 * canvas and its data as a JSON block, aggregated before it is embedded (a series per line, never raw rows). Time
 * labels are thinned by Chart.js to what fits, long category labels are cut on the axis and shown whole in the
 * tooltip, effort tiers have fixed colours by name, and many series become the top N plus "others".
 */
public final class WebCharts {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fixed colour of each effort tier, by name: the same tier has the same colour on every page. */
    public static final Map<String, String> TIER_COLOURS = Map.of("none", "#bab0ac", "mechanical", "#59a14f",
            "structural", "#f28e2b", "manual", "#e15759", "blocker", "#76448a");
    /** Fixed colour of each migration status. */
    public static final Map<String, String> STATUS_COLOURS = Map.of("legacy", "#d62728", "anyio", "#2ca02c",
            "broken", "#ff7f0e");
    static final String OTHERS_COLOUR = "#9e9e9e";
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#17becf"};

    private WebCharts() {
    }

    /** One series: a label, one value per label of the chart (null: no point), its colour. */
    public record Series(String label, List<? extends Number> values, String colour) {
    }

    /** The i-th colour of the palette for series that have no colour of their own. */
    public static String palette(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** A line chart over time-ordered labels (thinned on the axis; every point in the tooltip). */
    public static String line(String title, List<String> labels, List<Series> series, String yTitle, int height) {
        return chart("line", title, labels, series, yTitle, false, false, height);
    }

    /** A bar chart; horizontal bars cut long labels on the axis (the whole label is in the tooltip). */
    public static String bar(String title, List<String> labels, List<Series> series, String yTitle, boolean stacked,
                             boolean horizontal) {
        int height = horizontal ? Math.max(220, 90 + 22 * labels.size()) : 360;
        return chart("bar", title, labels, series, yTitle, stacked, horizontal, height);
    }

    private static String chart(String type, String title, List<String> labels, List<Series> series, String yTitle,
                                boolean stacked, boolean horizontal, int height) {
        ObjectNode d = JSON.createObjectNode();
        d.put("type", type);
        d.put("title", title);
        d.put("yTitle", yTitle);
        d.put("stacked", stacked);
        d.put("horizontal", horizontal);
        ArrayNode l = d.putArray("labels");
        labels.forEach(l::add);
        ArrayNode ds = d.putArray("datasets");
        for (Series s : series) {
            ObjectNode o = ds.addObject();
            o.put("label", s.label());
            o.put("color", s.colour());
            ArrayNode v = o.putArray("data");
            for (Number n : s.values()) {
                if (n == null) {
                    v.addNull();
                } else if (n instanceof Double x) {
                    v.add(Math.round(x * 10) / 10.0);
                } else {
                    v.add(n.longValue());
                }
            }
        }
        return "<div class=\"chart\" style=\"height:" + height + "px\"><canvas role=\"img\" aria-label=\""
                + Render.escape(title) + "\"></canvas><script type=\"application/json\" class=\"chart-data\">"
                + json(d) + "</script></div>";
    }

    /**
     * Series of many members (repositories, teams) as the {@code top} members by {@code rank} plus one "others"
     * series summing the rest; members keep their order by rank.
     */
    public static List<Series> topAndOthers(Map<String, List<Double>> members, Map<String, Double> rank, int top,
                                            String othersWhat) {
        List<String> order = new ArrayList<>(members.keySet());
        order.sort(Comparator.comparing((String m) -> -rank.getOrDefault(m, 0.0)).thenComparing(m -> m));
        List<Series> out = new ArrayList<>();
        int n = members.isEmpty() ? 0 : members.values().iterator().next().size();
        Double[] others = new Double[n];
        int rest = 0;
        for (int i = 0; i < order.size(); i++) {
            List<Double> v = members.get(order.get(i));
            if (i < top) {
                out.add(new Series(order.get(i), v, palette(i)));
            } else {
                rest++;
                for (int j = 0; j < n; j++) {
                    if (v.get(j) != null) {
                        others[j] = (others[j] == null ? 0 : others[j]) + v.get(j);
                    }
                }
            }
        }
        if (rest > 0) {
            out.add(new Series("others (" + rest + " " + othersWhat + ")", List.of(others), OTHERS_COLOUR));
        }
        return out;
    }

    /**
     * A burn-down per member, one at a time: a picker of every member (by {@code rank}, highest first) and a line
     * chart of the picked one's series (legacy, anyio, broken sites). {@code series}: member to metric to values
     * over {@code labels}.
     */
    public static String picker(String title, String what, List<String> labels,
                                Map<String, Map<String, List<Double>>> series, Map<String, Double> rank) {
        List<String> order = new ArrayList<>(series.keySet());
        order.sort(Comparator.comparing((String m) -> -rank.getOrDefault(m, 0.0)).thenComparing(m -> m));
        ObjectNode d = JSON.createObjectNode();
        d.put("title", title);
        ArrayNode l = d.putArray("labels");
        labels.forEach(l::add);
        ObjectNode colours = d.putObject("colors");
        STATUS_COLOURS.forEach(colours::put);
        ObjectNode members = d.putObject("members");
        for (String m : order) {
            ObjectNode o = members.putObject(m);
            for (Map.Entry<String, List<Double>> e : series.get(m).entrySet()) {
                ArrayNode a = o.putArray(e.getKey());
                for (Double v : e.getValue()) {
                    if (v == null) {
                        a.addNull();
                    } else {
                        a.add(v.longValue());
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder("<div class=\"picker\"><label>").append(Render.escape(what))
                .append(": <select class=\"pick\">");
        for (String m : order) {
            b.append("<option>").append(Render.escape(m)).append("</option>");
        }
        b.append("</select></label> <span class=\"note\">(").append(order.size()).append(", most legacy sites "
                + "first; a click on a line of the chart above picks it too)</span>");
        b.append("<div class=\"chart\" style=\"height:320px\"><canvas role=\"img\" aria-label=\"")
                .append(Render.escape(title)).append("\"></canvas></div><script type=\"application/json\" "
                        + "class=\"picker-data\">").append(json(d)).append("</script></div>");
        return b.toString();
    }

    /** A tier-coloured series list for a stacked chart: one series per tier present, in tier order. */
    public static List<Series> tierSeries(List<String> tiers, Map<String, List<Double>> byTier) {
        List<Series> out = new ArrayList<>();
        for (String t : tiers) {
            if (byTier.containsKey(t)) {
                out.add(new Series(t, byTier.get(t), TIER_COLOURS.getOrDefault(t, OTHERS_COLOUR)));
            }
        }
        return out;
    }

    static String json(Object node) {
        try {
            // "</" would end the script element the JSON sits in
            return JSON.writeValueAsString(node).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values of {@code column} per member over {@code labels}, carried forward after a member's first point. */
    static Map<String, List<Double>> dense(Table t, String member, String label, String column, List<String> labels) {
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            at.put(labels.get(i), i);
        }
        Map<String, Double[]> raw = new LinkedHashMap<>();
        int mi = t.column(member);
        int li = t.column(label);
        int ci = t.column(column);
        for (List<Object> r : t.rows()) {
            Integer i = at.get(Table.text(r.get(li)));
            if (i == null) {
                continue;
            }
            Double[] v = raw.computeIfAbsent(Table.text(r.get(mi)), k -> new Double[labels.size()]);
            v[i] = r.get(ci) instanceof Number n ? n.doubleValue() : null;
        }
        Map<String, List<Double>> out = new LinkedHashMap<>();
        raw.forEach((m, v) -> {
            Double last = null;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == null) {
                    v[i] = last;
                } else {
                    last = v[i];
                }
            }
            out.put(m, java.util.Arrays.asList(v));
        });
        return out;
    }
}
