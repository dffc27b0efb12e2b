package io.anyscope.analytics;

import io.anyscope.data.Sql;
import io.anyscope.data.Tables;
import io.anyscope.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An in-process DuckDB over one anyscope data set: sets the {@code anyscope_*} variables, then runs the SQL files
 * (settings, staging, reference data, marts, reports) shipped as resources under {@code io/anyscope/sql/}: the files
 * that {@code all.sql} lists, in its order, the same a DuckDB CLI user reads with {@code .read src/sql/all.sql}.
 */
public final class Warehouse implements AutoCloseable {
    /** The script that lists the SQL files, one {@code .read src/sql/NAME} line each, in the order they run. */
    static final String ALL_SQL = "all.sql";
    private static final String READ_PREFIX = ".read src/sql/";
    /** The tables every data set has, each a directory under {@code current/}. */
    public static final List<String> TABLES = Tables.ALL;
    static final String RESOURCES = "/io/anyscope/sql/";
    /** The catalog shipped in the jar ({@code src/catalog/catalog.yaml}): the SQL reads its ref_ tables from it. */
    static final String CATALOG_RESOURCE = "/io/anyscope/catalog/catalog.yaml";

    /** What a warehouse is opened with; all but {@code data} optional. */
    public record Options(Path effortWeights, String repo, String team, LocalDate since) {
        public static Options defaults() {
            return new Options(null, null, null, null);
        }
    }

    private final Connection connection;
    private final Path data;
    private final Path scratch;

    private Warehouse(Connection connection, Path data, Path scratch) {
        this.connection = connection;
        this.data = data;
        this.scratch = scratch;
    }

    public static Warehouse open(Path data) throws WarehouseException {
        return open(data, Options.defaults());
    }

    public static Warehouse open(Path data, Options options) throws WarehouseException {
        Path dir = validate(data);
        if (options.effortWeights() != null && !Files.isRegularFile(options.effortWeights())) {
            throw WarehouseException.usage("weights file not found: " + options.effortWeights());
        }
        Path scratch = null;
        Connection c = null;
        try {
            scratch = Files.createTempDirectory("anyscope-sql");
            Path effort = options.effortWeights() != null
                    ? options.effortWeights().toAbsolutePath() : copyResource("effort_weights.csv", scratch);
            Path risk = copyResource("risk_weights.csv", scratch);
            Path catalog = copyResource(CATALOG_RESOURCE, "catalog.yaml", scratch);
            c = DriverManager.getConnection("jdbc:duckdb:");
            setVariable(c, "anyscope_data", dir.toString());
            setVariable(c, "anyscope_effort_weights", effort.toString());
            setVariable(c, "anyscope_risk_weights", risk.toString());
            setVariable(c, "anyscope_catalog", catalog.toString());
            setVariable(c, "anyscope_repo", options.repo());
            setVariable(c, "anyscope_team", options.team());
            setVariable(c, "anyscope_since", options.since() == null ? null : options.since().toString());
            Warehouse w = new Warehouse(c, dir, scratch);
            for (String f : sqlFiles(readResource(ALL_SQL))) {
                w.runScript(f, readResource(f));
            }
            return w;
        } catch (IOException | SQLException e) {
            closeQuietly(c);
            Trees.deleteQuietly(scratch);
            throw new WarehouseException("could not open the warehouse over " + dir + ": " + e.getMessage(), false, e);
        } catch (WarehouseException e) {
            closeQuietly(c);
            Trees.deleteQuietly(scratch);
            throw e;
        }
    }

    /** The SQL files an {@code all.sql} script reads, in order: the names of its {@code .read src/sql/} lines. */
    static List<String> sqlFiles(String allSql) throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : allSql.lines().map(String::strip).toList()) {
            if (line.startsWith(READ_PREFIX)) {
                files.add(line.substring(READ_PREFIX.length()));
            } else if (line.startsWith(".")) {
                throw new IOException(ALL_SQL + ": only '" + READ_PREFIX + "NAME' lines are understood: " + line);
            }
        }
        return files;
    }

    /** Checks DATA is an anyscope data set; returns its absolute path. */
    public static Path validate(Path data) throws WarehouseException {
        if (data == null) {
            throw WarehouseException.usage("no data directory given (--data DATA)");
        }
        Path dir = data.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw WarehouseException.usage("data directory not found: " + dir);
        }
        Path current = dir.resolve("current");
        if (!Files.isDirectory(current)) {
            throw WarehouseException.usage("not an anyscope data set: " + dir + " has no current/ directory "
                    + "(expected current/<table>/*.parquet, written by 'anyscope scan --out " + data + "')");
        }
        List<String> missing = new ArrayList<>();
        for (String t : TABLES) {
            Path td = current.resolve(t);
            boolean ok = false;
            if (Files.isDirectory(td)) {
                try (Stream<Path> s = Files.list(td)) {
                    ok = s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
                } catch (IOException e) {
                    ok = false;
                }
            }
            if (!ok) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw WarehouseException.usage("not an anyscope data set: " + dir + " lacks Parquet files for table(s) "
                    + String.join(", ", missing) + " under current/"
                    + (missing.equals(List.of(Tables.CHANGES))
                    ? " (written before anyscope had that table: scan into it again to add it)" : ""));
        }
        return dir;
    }

    private static void setVariable(Connection c, String name, String value) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET VARIABLE " + name + " = " + (value == null ? "NULL" : Sql.literal(value)));
        }
    }

    /** Sets (or clears, with null) one {@code anyscope_*} variable; views read it lazily. */
    public void set(String variable, String value) throws WarehouseException {
        try {
            setVariable(connection, variable, value);
        } catch (SQLException e) {
            throw new WarehouseException(e.getMessage(), false, e);
        }
    }

    static String readResource(String name) throws IOException {
        return readClasspath(RESOURCES + name);
    }

    private static String readClasspath(String resource) throws IOException {
        try (InputStream in = Warehouse.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        return copyResource(RESOURCES + name, name, dir);
    }

    private static Path copyResource(String resource, String name, Path dir) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, readClasspath(resource));
        return p;
    }

    /** Runs every statement of a script; the message names the script and the failing statement's first line. */
    public void runScript(String name, String sql) throws WarehouseException {
        for (String st : splitStatements(sql)) {
            try (Statement s = connection.createStatement()) {
                s.execute(st);
            } catch (SQLException e) {
                String first = st.strip().lines().filter(l -> !l.strip().startsWith("--")).findFirst().orElse("");
                throw new WarehouseException(name + ": " + e.getMessage() + " (in: " + first + ")", false, e);
            }
        }
    }

    /** Runs one statement; returns its result, or an empty table for statements without one. */
    public Table query(String sql) throws WarehouseException {
        try (Statement s = connection.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    return Table.from(rs);
                }
            }
            return new Table(List.of(), List.of(), List.of());
        } catch (SQLException e) {
            throw new WarehouseException(e.getMessage(), false, e);
        }
    }

    /** A prepared query with positional parameters. */
    public Table query(String sql, Object... params) throws WarehouseException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return Table.from(rs);
            }
        } catch (SQLException e) {
            throw new WarehouseException(e.getMessage(), false, e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Path data() {
        return data;
    }

    /**
     * Splits a script at top-level semicolons, ignoring those inside quotes and comments. Statements that are only
     * comments are dropped.
     */
    public static List<String> splitStatements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean code = false;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                b.append(sql, i, end);
                i = end - 1;
                continue;
            }
            if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                b.append(sql, i, end);
                i = end - 1;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == ch) {
                        if (j + 1 < n && sql.charAt(j + 1) == ch) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(j + 1, n);
                b.append(sql, i, end);
                code = true;
                i = end - 1;
                continue;
            }
            if (ch == ';') {
                if (code) {
                    out.add(b.toString().strip());
                }
                b.setLength(0);
                code = false;
                continue;
            }
            if (!Character.isWhitespace(ch)) {
                code = true;
            }
            b.append(ch);
        }
        if (code) {
            out.add(b.toString().strip());
        }
        return out;
    }

    /** True when the text ends a statement: its last code character (outside quotes and comments) is ';'. */
    public static boolean complete(String sql) {
        char last = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                int j = sql.indexOf(ch, i + 1);
                if (j < 0) {
                    return false;
                }
                i = j;
                last = ch;
                continue;
            }
            if (!Character.isWhitespace(ch)) {
                last = ch;
            }
        }
        return last == ';';
    }

    @Override
    public void close() {
        closeQuietly(connection);
        Trees.deleteQuietly(scratch);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }
}
