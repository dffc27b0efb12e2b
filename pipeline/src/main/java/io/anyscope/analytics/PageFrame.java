package io.anyscope.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What every HTML report page carries around its content: the navigation between the reports, the data's "as of"
 * line (newest snapshot, run, coverage), the glossary (effort tiers with their minutes, risk and category weights,
 * categories) and the labels people read (column headers, category labels) instead of ids.
 *
 * @param nav        (file name without .html, link text) of every report, in order
 * @param current    the page's own name
 * @param asOf       the "as of" line (plain text)
 * @param glossary   the glossary's HTML, or empty
 * @param categories category id to its label (ref_categories)
 */
public record PageFrame(List<Map.Entry<String, String>> nav, String current, String asOf, String glossary,
                        Map<String, String> categories) {
    /** No navigation, no glossary: a page on its own (a notebook). */
    public static final PageFrame NONE = new PageFrame(List.of(), "", "", "", Map.of());

    private static final Map<String, String> COLUMN_LABELS = new LinkedHashMap<>();
    private static final Map<String, Integer> COLUMN_RANKS = new LinkedHashMap<>();
    private static final Map<String, String> TIERS = new LinkedHashMap<>();

    static {
        try (InputStream in = PageFrame.class.getResourceAsStream("report_labels.csv");
             CSVParser p = CSVParser.parse(in, StandardCharsets.UTF_8,
                     CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (CSVRecord r : p) {
                switch (r.get("kind")) {
                    case "column" -> {
                        COLUMN_LABELS.put(r.get("key"), r.get("label"));
                        if (!r.get("rank").isBlank()) {
                            COLUMN_RANKS.put(r.get("key"), Integer.parseInt(r.get("rank")));
                        }
                    }
                    case "tier" -> TIERS.put(r.get("key"), r.get("label"));
                    default -> throw new IllegalStateException("report_labels.csv: unknown kind " + r.get("kind"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The frame of a page one directory below the reports ({@code explore/svc.html}): the same navigation, "as of"
     * and glossary, its links up one level; {@code current} (a report's name) is marked as the page's own.
     */
    public PageFrame below(String current) {
        List<Map.Entry<String, String>> up = nav.stream().map(e -> Map.entry("../" + e.getKey(), e.getValue())).toList();
        return new PageFrame(up, "../" + current, asOf, glossary, categories);
    }

    /** The header people read for a column id: its label, else the id in words ("legacy_sites" -> "Legacy sites"). */
    public static String columnLabel(String column) {
        String l = COLUMN_LABELS.get(column);
        if (l != null) {
            return l;
        }
        String w = column.replace('_', ' ').replace("pct ", "% ").replace("est ", "estimated ");
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** Where a column goes in an HTML table: what, where, who, how much; unranked columns after, in query order. */
    static int columnRank(String column) {
        return COLUMN_RANKS.getOrDefault(column, 1000);
    }

    /** What an effort tier means (report_labels.csv), or "". */
    static String tierMeaning(String tier) {
        return TIERS.getOrDefault(tier, "");
    }

    /** The label of a category id, else the id. */
    public String categoryLabel(String id) {
        return categories.getOrDefault(id, id);
    }

    private static final Pattern SEED_ASIDE = Pattern.compile("\\s*\\([^()]*\\b[Ss]eeds?\\s+\\d{3}[^()]*\\)");
    private static final Pattern SEED_CITE = Pattern.compile(
            "\\b[Ss]eeds?\\s+\\d{3}(?:\\s*(?:[/,-]|and)\\s*\\d{3})*(?:\\s+(?:[Pp]attern\\s+\\d+|Troubleshooting|API Mapping))?"
                    + "(?:\\s*,\\s*(?:seed\\s+)?\\d{3}\\s+[Pp]attern\\s+\\d+)*");

    /**
     * A catalog text as users read it: references to our internal write-ups ("(seed 004 Pattern 9)", "seed 004
     * Pattern 7 replaced them") are dropped or said plainly; the provenance stays in the catalog's data.
     */
    public static String userText(String s) {
        if (s == null || !(s.contains("seed") || s.contains("Seed"))) {
            return s;
        }
        String done = USER_TEXT.get(s);
        if (done == null) {
            done = plain(s);
            if (USER_TEXT.size() < USER_TEXT_CAP) {
                USER_TEXT.put(s, done);
            }
        }
        return done;
    }

    /** The few catalog notes that cite a write-up are in many rows: a warm report at 200 x 150 spent a fifth of its
     *  Java time rewriting the same notes. Bounded: other texts that mention a seed are not kept past the cap. */
    private static final Map<String, String> USER_TEXT = new ConcurrentHashMap<>();
    private static final int USER_TEXT_CAP = 4096;

    private static String plain(String s) {
        String t = SEED_ASIDE.matcher(s).replaceAll("");
        t = SEED_CITE.matcher(t).replaceAll("a reference migration");
        t = t.replace("a reference migration:", "In a reference migration,");
        boolean capital = !s.isEmpty() && Character.isUpperCase(s.charAt(0));
        return t.isEmpty() || !capital ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
