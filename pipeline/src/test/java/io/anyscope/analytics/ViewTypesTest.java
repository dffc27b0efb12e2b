package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.data.Sql;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Types a BI tool can use, over the DESCRIBE output of every view and ref_ table: no HUGEINT (DuckDB's sum() of
 * integers; cast counts to BIGINT), dates and instants as DATE or TIMESTAMP (by name), and no VARCHAR column that
 * holds a date or timestamp as text (by value, over the fixture data).
 */
class ViewTypesTest {
    /** Column names that stand for a date or an instant. */
    static final Pattern DATE_NAME = Pattern.compile("date|.*_(date|time|at|start|end)|last_changed|window_opens"
            + "|projected_completion");
    static final String DATE_TEXT = "^\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$";

    @Test
    void noHugeintAndEveryDateIsADateOrTimestamp(@TempDir Path tmp) throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"));
        List<String> bad = new ArrayList<>();
        try (Warehouse w = Warehouse.open(data)) {
            List<Descriptions.Relation> relations = Descriptions.relations(w.connection());
            assertThat(relations).hasSizeGreaterThan(80);
            for (Descriptions.Relation r : relations) {
                List<String> text = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    String c = r.columns().get(i);
                    String type = r.types().get(i);
                    if (type.equals("HUGEINT") || type.equals("UHUGEINT")) {
                        bad.add(r.name() + "." + c + " is " + type + " (cast to BIGINT)");
                    }
                    if (DATE_NAME.matcher(c).matches() && !type.equals("DATE") && !type.startsWith("TIMESTAMP")) {
                        bad.add(r.name() + "." + c + " is " + type + " (a date or instant: DATE or TIMESTAMP)");
                    }
                    if (type.equals("VARCHAR")) {
                        text.add(c);
                    }
                }
                if (!text.isEmpty()) {
                    String any = String.join(" OR ", text.stream()
                            .map(c -> "regexp_matches(" + Sql.identifier(c) + ", " + Sql.literal(DATE_TEXT) + ")")
                            .toList());
                    List<String> firsts = text.stream().map(c -> "arg_max(" + Sql.identifier(c) + ", regexp_matches("
                            + Sql.identifier(c) + ", " + Sql.literal(DATE_TEXT) + "))").toList();
                    Table t = w.query("SELECT " + String.join(", ", firsts) + " FROM " + Sql.identifier(r.name())
                            + " WHERE " + any);
                    if (!t.rows().isEmpty() && t.rows().get(0).stream().anyMatch(v -> v != null)) {
                        for (int i = 0; i < text.size(); i++) {
                            Object v = t.rows().get(0).get(i);
                            if (v != null && v.toString().matches(DATE_TEXT)) {
                                bad.add(r.name() + "." + text.get(i) + " is VARCHAR holding a date (" + v + ")");
                            }
                        }
                    }
                }
            }
        }
        assertThat(bad).isEmpty();
    }
}
