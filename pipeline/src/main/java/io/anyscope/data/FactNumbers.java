package io.anyscope.data;

import org.apache.avro.generic.GenericRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numbers the usage facts of one blob as the analytics define it (22_usages.sql, mart_blob_usages), so that the scan
 * stores the numbers and the marts build need not sort every fact twice:
 * <ul>
 *   <li>{@code fact_no}: 1.. in the order (line, col, kind, symbol, library NULLS LAST, via NULLS FIRST, via_name
 *   NULLS FIRST);</li>
 *   <li>{@code blob_occurrence}: for a fact about a tracked name (via null) that is a site (kind not patch or
 *   reexport), 1.. among the blob's such facts of the same (symbol, trimmed source line), in the order (line, col,
 *   kind); null for the others.</li>
 * </ul>
 * Strings compare as DuckDB compares VARCHAR (by code point, as UTF-8 bytes do) and "trimmed" is DuckDB's trim (spaces
 * only). Facts that tie on an order are whole duplicates there (data test fact_numbers_name_one_fact), so which gets
 * which number does not matter; the data test fact_numbers_as_defined compares the stored numbers with the SQL
 * definition on any data set.
 */
public final class FactNumbers {
    private static final Set<String> NOT_SITES = Set.of("patch", "reexport");

    private static final Comparator<String> TEXT = FactNumbers::compareCodePoints;
    private static final Comparator<GenericRecord> FACT_ORDER = Comparator
            .<GenericRecord>comparingInt(r -> (Integer) r.get("line"))
            .thenComparingInt(r -> (Integer) r.get("col"))
            .thenComparing(r -> text(r, "kind"), TEXT)
            .thenComparing(r -> text(r, "symbol"), TEXT)
            .thenComparing(r -> text(r, "library"), Comparator.nullsLast(TEXT))
            .thenComparing(r -> text(r, "via"), Comparator.nullsFirst(TEXT))
            .thenComparing(r -> text(r, "via_name"), Comparator.nullsFirst(TEXT));

    private FactNumbers() {
    }

    /** Sets {@code fact_no} and {@code blob_occurrence} on every usages row of one blob (rows of no other blob). */
    public static void number(List<GenericRecord> blobFacts) {
        if (blobFacts.isEmpty()) {
            return;
        }
        List<GenericRecord> ordered = new ArrayList<>(blobFacts);
        ordered.sort(FACT_ORDER);     // stable: ties keep their order, and the occurrences below follow fact_no
        Map<List<String>, Long> seen = new HashMap<>();
        long n = 0;
        for (GenericRecord r : ordered) {
            r.put("fact_no", ++n);
            if (r.get("via") == null && !NOT_SITES.contains(text(r, "kind"))) {
                // (line, col, kind) order within a (symbol, trimmed line) group is fact_no's order restricted to it:
                // symbol is fixed in the group, and via/via_name are null
                r.put("blob_occurrence", seen.merge(Arrays.asList(text(r, "symbol"),
                        trimSpaces(text(r, "source_line"))), 1L, Long::sum));
            } else {
                r.put("blob_occurrence", null);
            }
        }
    }

    private static String text(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : v.toString();
    }

    /** DuckDB's trim(): leading and trailing spaces (U+0020) only. */
    static String trimSpaces(String s) {
        if (s == null) {
            return null;
        }
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == ' ') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == ' ') {
            b--;
        }
        return s.substring(a, b);
    }

    /** Code point order: the order of the strings' UTF-8 bytes, DuckDB's VARCHAR order. */
    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
