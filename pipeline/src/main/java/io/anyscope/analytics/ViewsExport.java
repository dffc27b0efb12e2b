package io.anyscope.analytics;

import io.anyscope.data.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anyscope views for any DuckDB client, without anyscope: one plain SQL script ({@link #script}: {@code sql
 * --emit-views}) and a DuckDB database file built from it ({@link #exportDuckDb}: {@code export --duckdb}).
 *
 * <p>The script is the SQL files of all.sql in order, made independent of the session and of the working
 * directory: every {@code getvariable('anyscope_*')} is replaced by the value the open warehouse holds (the data
 * set's {@code current/} directory as an absolute path, the filters, the windows), so the views are plain views over
 * the Parquet files of {@code DATA/current/} by absolute path and work in any later session, from any directory;
 * the {@code ref_} tables (catalog, weights, path rules: read from files at load time) are written as their rows;
 * {@code SET VARIABLE} statements are dropped; then every {@code COMMENT ON} of {@link Descriptions}.
 */
public final class ViewsExport {
    private static final Pattern GETVARIABLE = Pattern.compile("getvariable\\('(anyscope_[a-z0-9_]+)'\\)");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+OR\\s+REPLACE\\s+TABLE\\s+([a-z_][a-z0-9_]*)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_VARIABLE = Pattern.compile("^SET\\s+VARIABLE\\b", Pattern.CASE_INSENSITIVE);

    /** Variables naming the files the ref_ tables are read from (the warehouse's temporary copies). */
    static final List<String> REFERENCE_FILES = List.of("anyscope_catalog", "anyscope_path_rules",
            "anyscope_effort_weights", "anyscope_risk_weights");

    private ViewsExport() {
    }

    /** The script's statements, each without its trailing ';'. */
    public static List<String> statements(Warehouse w) throws WarehouseException {
        try {
            Connection c = w.connection();
            Map<String, String> values = variableValues(c, w.data());
            List<Descriptions.Relation> relations = Descriptions.relations(c);
            Map<String, Descriptions.Relation> byName = new LinkedHashMap<>();
            relations.forEach(r -> byName.put(r.name(), r));
            List<String> out = new ArrayList<>();
            for (String f : Warehouse.sqlFiles(Warehouse.readResource(Warehouse.ALL_SQL))) {
                for (String st : Warehouse.splitStatements(Warehouse.readResource(f))) {
                    String code = withoutLeadingComments(st);
                    if (SET_VARIABLE.matcher(code).find()) {
                        continue;
                    }
                    Matcher table = CREATE_TABLE.matcher(code);
                    if (table.find() && byName.containsKey(table.group(1))) {
                        out.addAll(tableRows(c, byName.get(table.group(1))));
                        continue;
                    }
                    out.add(substitute(code, values, f));
                }
            }
            out.addAll(Descriptions.shipped().commentStatements(relations));
            return out;
        } catch (SQLException | IOException e) {
            throw new WarehouseException("cannot write the views: " + e.getMessage(), false, e);
        }
    }

    /** The plain SQL script: a header, then every statement ended by ';'. */
    public static String script(Warehouse w) throws WarehouseException {
        StringBuilder b = new StringBuilder();
        b.append("-- anyscope views over ").append(w.data().resolve("current")).append('\n')
                .append("-- Written by 'anyscope sql --emit-views': plain DuckDB SQL (1.4+), absolute paths, no .read;")
                .append('\n')
                .append("-- run it in any DuckDB session, from any directory (duckdb my.db < this-file.sql), to create")
                .append('\n')
                .append("-- the views (they read the Parquet files when queried) and the ref_ tables (copied rows).")
                .append('\n');
        for (String st : statements(w)) {
            b.append('\n').append(st).append(";\n");
        }
        return b.toString();
    }

    /** Writes {@link #script} to {@code file} (never into the data set). */
    public static void writeScript(Warehouse w, Path file) throws WarehouseException {
        outsideData(w, file);
        String sql = script(w);
        try {
            Path abs = file.toAbsolutePath().normalize();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Files.writeString(abs, sql);
        } catch (IOException e) {
            throw WarehouseException.usage("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void outsideData(Warehouse w, Path file) throws WarehouseException {
        Path abs = file.toAbsolutePath().normalize();
        WriteGuard guard = new WriteGuard(w.data(), true);
        if (guard.inside(abs) || guard.inside(WriteGuard.real(abs))) {
            throw WarehouseException.usage(file + " is inside the data set " + w.data() + ": name a file outside it");
        }
    }

    /**
     * Writes a DuckDB database file holding the views and ref_ tables of {@link #statements}, with their comments.
     * Refuses to overwrite an existing file unless {@code replace}.
     */
    public static void exportDuckDb(Warehouse w, Path file, boolean replace) throws WarehouseException {
        exportDuckDb(w, file, replace, false);
    }

    /**
     * As {@link #exportDuckDb(Warehouse, Path, boolean)}; with {@code withMarts}, each materialised mart (Marts) is
     * stored in the file as a table of schema {@value #MARTS_SCHEMA}, copied from the warehouse's marts file, and its
     * view reads that table instead of the Parquet files: the views answer at once (they do not compute every
     * snapshot's joins again in the client), and show the data set as it was when exported. Fails when the
     * warehouse has no marts file (materialised marts turned off).
     */
    public static void exportDuckDb(Warehouse w, Path file, boolean replace, boolean withMarts)
            throws WarehouseException {
        outsideData(w, file);
        Path abs = file.toAbsolutePath().normalize();
        List<String> statements = statements(w);
        if (withMarts) {
            statements = withMarts(w, statements);
        }
        try {
            if (Files.exists(abs)) {
                if (!replace) {
                    throw WarehouseException.usage(file + " exists: name a new file, or add --replace");
                }
                Files.delete(abs);
                Files.deleteIfExists(Path.of(abs + ".wal"));
            }
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
        } catch (IOException e) {
            throw WarehouseException.usage("cannot write " + file + ": " + e.getMessage());
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + abs); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new WarehouseException("cannot write " + file + ": " + e.getMessage(), false, e);
        }
    }

    /** The schema of the file exported with marts that holds the materialised marts' tables. */
    public static final String MARTS_SCHEMA = "anyscope_marts";
    private static final String MARTS_SOURCE = "anyscope_marts_source";

    /** Fails, as a usage error, when the materialised marts are turned off: there are none to export. */
    public static void requireMarts() throws WarehouseException {
        if (Marts.off()) {
            throw WarehouseException.usage("no materialised marts to export (they are turned off: "
                    + "-Danyscope.marts or ANYSCOPE_MARTS); export without --with-marts");
        }
    }

    /**
     * {@code statements} with each materialised mart's view replaced by a copy of its table from the warehouse's
     * marts file and a view over that copy, where the SQL files create it (so the later views bind to tables): the
     * marts file attached read-only first, detached last.
     */
    private static List<String> withMarts(Warehouse w, List<String> statements) throws WarehouseException {
        requireMarts();
        Path marts = w.martsFile();
        if (marts == null) {
            throw new WarehouseException("no materialised marts to export: none fits this data set and none could be "
                    + "built (neither DATA/marts nor the user's cache is writable)", false, null);
        }
        List<String> materialised;
        try {
            materialised = Marts.views();
        } catch (IOException e) {
            throw new WarehouseException("cannot read the SQL files: " + e.getMessage(), false, e);
        }
        List<String> out = new ArrayList<>();
        out.add("ATTACH " + Sql.literal(marts.toString()) + " AS " + MARTS_SOURCE + " (READ_ONLY)");
        out.add("CREATE SCHEMA " + MARTS_SCHEMA);
        for (String st : statements) {
            Matcher m = Marts.VIEW.matcher(st);
            if (m.lookingAt() && materialised.contains(m.group(1))) {
                String mart = m.group(1);
                out.add("CREATE TABLE " + MARTS_SCHEMA + "." + mart + " AS SELECT * FROM " + MARTS_SOURCE + ".main."
                        + mart);
                out.add("CREATE OR REPLACE VIEW " + mart + " AS SELECT * FROM " + MARTS_SCHEMA + "." + mart);
            } else {
                out.add(st);
            }
        }
        out.add("DETACH " + MARTS_SOURCE);
        return out;
    }

    /** The values the views read, as SQL literals: the warehouse's, with the data set's current/ directory. */
    private static Map<String, String> variableValues(Connection c, Path data) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM duckdb_variables() WHERE name LIKE 'anyscope\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String v = "getvariable(" + Sql.literal(n) + ")";
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT typeof(" + v + "), CAST(" + v + " AS VARCHAR)")) {
                rs.next();
                String type = rs.getString(1);
                String text = rs.getString(2);
                out.put(n, text == null ? "CAST(NULL AS VARCHAR)"
                        : type.equals("VARCHAR") ? Sql.literal(text)
                        : "CAST(" + Sql.literal(text) + " AS " + type + ")");
            }
        }
        // the newest generation, whichever it is when the views are read, not the one this warehouse pinned
        out.put("anyscope_data", Sql.literal(data.toString()));
        out.put("anyscope_generation", Sql.literal(data.resolve("current").toString()));
        out.replaceAll((k, v) -> k.startsWith("anyscope_files_") ? "CAST(NULL AS VARCHAR[])" : v);
        // the files the ref_ tables were read from are the warehouse's temporary copies: the script holds the rows
        // (a text that names no file: DuckDB's parser refuses read_text(NULL) in a macro)
        for (String f : REFERENCE_FILES) {
            out.put(f, Sql.literal("(" + f + ": copied into the ref_ tables when exported)"));
        }
        return out;
    }

    private static String substitute(String statement, Map<String, String> values, String file) throws IOException {
        Matcher m = GETVARIABLE.matcher(statement);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                v = m.group(1).startsWith("anyscope_files_") ? "CAST(NULL AS VARCHAR[])" : "CAST(NULL AS VARCHAR)";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** A table as its rows: CREATE OR REPLACE TABLE with the column types, then one INSERT of every row. */
    private static List<String> tableRows(Connection c, Descriptions.Relation r) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
            cols.add(Sql.identifier(r.columns().get(i)) + " " + r.types().get(i));
        }
        List<String> out = new ArrayList<>();
        out.add("CREATE OR REPLACE TABLE " + Sql.identifier(r.name()) + " (" + String.join(", ", cols) + ")");
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", r.columns().stream()
                     .map(n -> "CAST(" + Sql.identifier(n) + " AS VARCHAR)").toList()) + " FROM "
                     + Sql.identifier(r.name()))) {
            while (rs.next()) {
                List<String> vals = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    String v = rs.getString(i + 1);
                    vals.add(v == null ? "NULL" : "CAST(" + Sql.literal(v) + " AS " + r.types().get(i) + ")");
                }
                rows.add("(" + String.join(", ", vals) + ")");
            }
        }
        if (!rows.isEmpty()) {
            out.add("INSERT INTO " + Sql.identifier(r.name()) + " VALUES\n  " + String.join(",\n  ", rows));
        }
        return out;
    }

    private static String withoutLeadingComments(String st) {
        String s = st.strip();
        while (s.startsWith("--")) {
            int nl = s.indexOf('\n');
            s = nl < 0 ? "" : s.substring(nl + 1).strip();
        }
        return s;
    }
}
