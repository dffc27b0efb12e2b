package io.anyscope.analytics;

import io.anyscope.data.Tables;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The data dictionary (report {@code dictionary}): the tables of the data set (Parquet, from the Avro schemas and
 * their docs), then every view and ref_ table of the warehouse with its description, grain and key
 * ({@link Descriptions}) and its columns with their DuckDB types and descriptions.
 */
final class Dictionary {
    private Dictionary() {
    }

    static Report build(Warehouse w, String subtitle, String dataLine) throws WarehouseException {
        try {
            Descriptions d = Descriptions.shipped();
            List<Descriptions.Relation> relations = Descriptions.relations(w.connection());
            List<Report.Section> s = new ArrayList<>();
            List<List<Object>> index = new ArrayList<>();
            for (String t : Tables.ALL) {
                Schema schema = Tables.schema(t);
                index.add(List.of("table", t, schema.getDoc(), "", ""));
            }
            for (Descriptions.Relation r : relations) {
                Descriptions.ObjectDoc o = d.object(r.name());
                index.add(List.of(r.view() ? "view" : "ref table", r.name(),
                        o == null ? "(no description)" : o.description(), o == null ? "" : o.grain(),
                        o == null ? "" : String.join(", ", o.key())));
            }
            s.add(new Report.Section(1, "Index", "The Parquet tables of the data set (`DATA/current/<table>/`, "
                    + "schemas/*.avsc), then every view and ref_ table the SQL defines (src/sql; descriptions from "
                    + "src/sql/descriptions.yaml). Layers: stg_ (one view per table), ref_ (reference data), mart_ "
                    + "(marts by subject), rpt_ (what the reports show). In DuckDB: `SELECT * FROM duckdb_columns()` "
                    + "shows the same descriptions as comments.", "dictionary",
                    new Table(List.of("kind", "name", "description", "grain", "key"),
                            List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR"), index), null));
            s.add(Report.Section.text(1, "Tables of the data set (Parquet)", "One directory of Parquet files per "
                    + "table under `DATA/current/`; the Avro schema is the contract."));
            for (String t : Tables.ALL) {
                Schema schema = Tables.schema(t);
                List<List<Object>> rows = new ArrayList<>();
                for (Schema.Field f : schema.getFields()) {
                    rows.add(List.of(f.name(), avroType(f.schema()), f.doc() == null ? "" : f.doc()));
                }
                s.add(new Report.Section(2, "table " + t, schema.getDoc(), null, columns(rows), null));
            }
            s.add(Report.Section.text(1, "Views and ref_ tables", "In the order of their names; the type is "
                    + "DuckDB's."));
            for (Descriptions.Relation r : relations) {
                Descriptions.ObjectDoc o = d.object(r.name());
                List<List<Object>> rows = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    String text = d.column(r.name(), r.columns().get(i));
                    rows.add(List.of(r.columns().get(i), r.types().get(i), text == null ? "" : text));
                }
                String text = o == null ? "(no description)" : o.description() + "\n\n**Grain:** " + o.grain()
                        + ". **Key:** " + (o.key().isEmpty() ? "none" : "`" + String.join("`, `", o.key()) + "`") + ".";
                s.add(new Report.Section(2, (r.view() ? "view " : "table ") + r.name(), text, null, columns(rows),
                        null));
            }
            return new Report("dictionary", "Data dictionary", subtitle, dataLine, List.of(
                    new Report.Card("tables (Parquet)", String.valueOf(Tables.ALL.size())),
                    new Report.Card("views and ref_ tables", String.valueOf(relations.size())),
                    new Report.Card("columns", String.valueOf(relations.stream().mapToInt(r -> r.columns().size())
                            .sum()))), s);
        } catch (IOException | SQLException e) {
            throw new WarehouseException("cannot build the data dictionary: " + e.getMessage(), false, e);
        }
    }

    private static Table columns(List<List<Object>> rows) {
        return new Table(List.of("column", "type", "description"), List.of("VARCHAR", "VARCHAR", "VARCHAR"), rows);
    }

    /** An Avro type in a word: the logical type when there is one; "X or null" for a nullable union. */
    private static String avroType(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            List<String> parts = new ArrayList<>();
            boolean nullable = false;
            for (Schema t : s.getTypes()) {
                if (t.getType() == Schema.Type.NULL) {
                    nullable = true;
                } else {
                    parts.add(avroType(t));
                }
            }
            return String.join(" | ", parts) + (nullable ? " or null" : "");
        }
        return s.getLogicalType() != null ? s.getLogicalType().getName() : s.getType().getName();
    }
}
