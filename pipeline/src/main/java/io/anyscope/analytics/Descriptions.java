package io.anyscope.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.anyscope.data.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one source of the descriptions of the SQL objects (src/sql/descriptions.yaml, shipped in the jar): per view or
 * ref_ table its description, grain and key, per column its description (the object's own, else the shared
 * {@code columns:} glossary). Read with a typed loader: an unknown key, a missing field or a wrong type stops the load
 * naming it. {@link #apply} writes them into DuckDB's catalog as {@code COMMENT ON} statements.
 */
public final class Descriptions {
    static final String RESOURCE = Warehouse.RESOURCES + "descriptions.yaml";
    private static volatile Descriptions shipped;

    /** One object: what it is, what one row is, the columns that identify a row, and column descriptions of its own. */
    public record ObjectDoc(@JsonProperty(required = true) String description,
                            @JsonProperty(required = true) String grain,
                            @JsonProperty(required = true) List<String> key,
                            Map<String, String> columns) {
        public ObjectDoc {
            key = List.copyOf(key);
            columns = columns == null ? Map.of() : new LinkedHashMap<>(columns);
        }

        /** The text of COMMENT ON VIEW/TABLE: the description, then grain and key. */
        public String comment() {
            return description + " Grain: " + grain + "." + (key.isEmpty() ? "" : " Key: " + String.join(", ", key)
                    + ".");
        }
    }

    /** The file's form. */
    record File(@JsonProperty(required = true) int version,
                @JsonProperty(required = true) Map<String, String> columns,
                @JsonProperty(required = true) Map<String, ObjectDoc> objects) {
    }

    private final Map<String, String> glossary;
    private final Map<String, ObjectDoc> objects;

    private Descriptions(File f) {
        this.glossary = new LinkedHashMap<>(f.columns());
        this.objects = new LinkedHashMap<>(f.objects());
    }

    /** The descriptions shipped in the jar (read once). */
    public static Descriptions shipped() throws IOException {
        Descriptions d = shipped;
        if (d == null) {
            try (InputStream in = Descriptions.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException("missing resource " + RESOURCE);
                }
                d = parse(in);
            }
            shipped = d;
        }
        return d;
    }

    static Descriptions parse(InputStream in) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            File f = yaml.readValue(in, File.class);
            List<String> bad = new ArrayList<>();
            f.objects().forEach((name, o) -> {
                if (blank(o.description()) || blank(o.grain())) {
                    bad.add(name + ": description and grain must not be empty");
                }
                o.columns().forEach((c, text) -> {
                    if (blank(text)) {
                        bad.add(name + "." + c + ": empty description");
                    }
                });
            });
            f.columns().forEach((c, text) -> {
                if (blank(text)) {
                    bad.add("columns." + c + ": empty description");
                }
            });
            if (!bad.isEmpty()) {
                throw new IOException("descriptions.yaml: " + String.join("; ", bad));
            }
            return new Descriptions(f);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("descriptions.yaml: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The described objects, in the file's order. */
    public Map<String, ObjectDoc> objects() {
        return objects;
    }

    /** The shared column glossary. */
    public Map<String, String> glossary() {
        return glossary;
    }

    public ObjectDoc object(String name) {
        return objects.get(name);
    }

    /** A column's description: the object's own, else the glossary's; null when neither has one. */
    public String column(String object, String column) {
        ObjectDoc o = objects.get(object);
        if (o != null && o.columns().containsKey(column)) {
            return o.columns().get(column);
        }
        return glossary.get(column);
    }

    /** A view or table of the main schema, with its columns in order. */
    public record Relation(String name, boolean view, List<String> columns, List<String> types) {
    }

    /** The views and tables of the connection's main schema (in name order), with their columns and types. */
    public static List<Relation> relations(Connection c) throws SQLException {
        Map<String, Relation> out = new LinkedHashMap<>();
        String q = "SELECT c.table_name, v.view_name IS NOT NULL, c.column_name, c.data_type "
                + "FROM duckdb_columns() c LEFT JOIN duckdb_views() v ON v.database_oid = c.database_oid "
                + "AND v.schema_oid = c.schema_oid AND v.view_oid = c.table_oid "
                + "WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT c.internal "
                + "ORDER BY c.table_name, c.column_index";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            while (rs.next()) {
                Relation r = out.computeIfAbsent(rs.getString(1),
                        n -> new Relation(n, false, new ArrayList<>(), new ArrayList<>()));
                if (r.columns().isEmpty() && rs.getBoolean(2)) {
                    r = new Relation(r.name(), true, r.columns(), r.types());
                    out.put(r.name(), r);
                }
                r.columns().add(rs.getString(3));
                r.types().add(rs.getString(4));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * The COMMENT ON statements for every described view and table of the connection and their described columns
     * (undescribed ones are left without a comment: DescriptionsTest fails on them).
     */
    public List<String> commentStatements(List<Relation> relations) {
        List<String> out = new ArrayList<>();
        for (Relation r : relations) {
            ObjectDoc o = objects.get(r.name());
            if (o == null) {
                continue;
            }
            String id = Sql.identifier(r.name());
            out.add("COMMENT ON " + (r.view() ? "VIEW " : "TABLE ") + id + " IS " + Sql.literal(o.comment()));
            for (String col : r.columns()) {
                String text = column(r.name(), col);
                if (text != null) {
                    out.add("COMMENT ON COLUMN " + id + "." + Sql.identifier(col) + " IS " + Sql.literal(text));
                }
            }
        }
        return out;
    }

    /** Applies {@link #commentStatements} to the connection's views and tables, in one transaction. */
    public void apply(Connection c) throws SQLException {
        List<String> statements = commentStatements(relations(c));
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // one call: DuckDB runs the statements of one string in order, without a round trip each
            s.execute(String.join(";\n", statements));
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
