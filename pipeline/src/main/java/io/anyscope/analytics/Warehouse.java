package io.anyscope.analytics;

import io.anyscope.data.Generation;
import io.anyscope.data.ParquetCheck;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An in-process DuckDB over one anyscope data set: sets the {@code anyscope_*} variables, then runs the SQL files
 * (settings, staging, reference data, marts, reports) shipped as resources under {@code io/anyscope/sql/}: the files
 * that {@code all.sql} lists, in its order, the same a DuckDB CLI user reads with {@code .read src/sql/all.sql};
 * then gives every view, table and column its description ({@link Descriptions}: COMMENT ON, src/sql/descriptions.yaml).
 */
public final class Warehouse implements AutoCloseable {
    /** The table of a materialised marts file that says how long each mart took to build (mart, seconds, row_count). */
    public static final String MARTS_BUILD_LOG = "anyscope_build_log";
    /** The script that lists the SQL files, one {@code .read src/sql/NAME} line each, in the order they run. */
    static final String ALL_SQL = "all.sql";
    /** A statement that creates a view (after any comment lines): group 1 is its name. */
    private static final Pattern CREATE_VIEW =
            Pattern.compile("(?i)(?:\\s*--[^\\n]*\\n)*\\s*CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+(\\w+)");
    private static final String READ_PREFIX = ".read src/sql/";
    /** The tables every data set has, each a directory under {@code current/}. */
    public static final List<String> TABLES = Tables.ALL;
    static final String RESOURCES = "/io/anyscope/sql/";
    /** The catalog shipped in the jar ({@code src/catalog/catalog.yaml}): the SQL reads its ref_ tables from it. */
    static final String CATALOG_RESOURCE = "/io/anyscope/catalog/catalog.yaml";
    /** The path-class rules shipped in the jar ({@code src/catalog/path_classes.yaml}): ref_path_ tables. */
    static final String PATH_RULES_RESOURCE = "/io/anyscope/catalog/path_classes.yaml";

    /**
     * What SQL run through the warehouse may touch on disk. Sandboxed (reports, notebooks): DuckDB reads only the
     * pinned Parquet files and the warehouse's own copies of weights and catalog, and writes only into
     * {@code writable} directories (DuckDB's {@code enable_external_access = false}, {@code allowed_paths},
     * {@code allowed_directories}, then {@code lock_configuration}). Free ({@code sql}): the user's own DuckDB, except
     * that nothing writes into DATA ({@link WriteGuard}). {@code marts}: where opening may build the materialised
     * marts (Marts) when no file fits: the reports, whose SQL is anyscope's own, into {@code DATA/marts}; a
     * notebook or {@code sql} session, which leaves DATA byte-identical, into the user's cache; an export (views
     * over the Parquet files) builds none. {@code described}: every view, table and column gets its description as
     * a DuckDB comment ({@link Descriptions}; what {@code duckdb_columns()} and a client's schema browser show), for
     * SQL a person writes; the reports, whose SQL is anyscope's own, skip it (0.3-0.4 s of each report's start).
     */
    public record Access(boolean sandboxed, List<Path> writable, MartsBuild marts, boolean described) {
        public static Access readOnly() {
            return new Access(true, List.of(), MartsBuild.IN_DATA, true);
        }

        /** As {@link #readOnly}, without the descriptions: for the reports, which read none of them from DuckDB. */
        public static Access forReports() {
            return new Access(true, List.of(), MartsBuild.IN_DATA, false);
        }

        public static Access writingTo(List<Path> dirs) {
            return new Access(true, List.copyOf(dirs), MartsBuild.IN_CACHE, true);
        }

        public static Access free() {
            return new Access(false, List.of(), MartsBuild.IN_CACHE, true);
        }

        /** As {@link #free}, building no marts: for writing out the views, which read no marts. */
        public static Access exporting() {
            return new Access(false, List.of(), MartsBuild.NO, true);
        }
    }

    /** Where opening a warehouse may build its materialised marts when no file fits (Marts). */
    public enum MartsBuild {
        /** Into {@code DATA/marts} (or the {@code anyscope.marts} directory). */
        IN_DATA,
        /** Into the user's cache ({@code ~/.cache/anyscope/marts}), leaving DATA as it is. */
        IN_CACHE,
        /** Nowhere: without a fitting file the views compute from the Parquet files. */
        NO
    }

    /**
     * What a warehouse is opened with; all optional. {@code pathClasses}: the path classes reports count (variable
     * {@code anyscope_path_classes}; null or empty: the rules file's counted classes); {@code churnWeeks},
     * {@code velocityWeeks}: the SQL's windows (null: their defaults, 00_settings.sql); {@code compatModules}: project
     * modules declared compatibility layers, {@code MODULE=LIBRARY} each (SQL variable {@code anyscope_compat_modules}).
     */
    public record Options(Path effortWeights, String repo, String team, LocalDate since, List<String> pathClasses,
                          Integer churnWeeks, Integer velocityWeeks, List<String> compatModules) {
        public Options {
            compatModules = compatModules == null ? List.of() : List.copyOf(compatModules);
        }

        public Options(Path effortWeights, String repo, String team, LocalDate since) {
            this(effortWeights, repo, team, since, null, null, null, List.of());
        }

        public static Options defaults() {
            return new Options(null, null, null, null);
        }
    }

    private final Connection connection;
    private final Path data;
    private final Path scratch;
    private final Generation generation;
    private final Access access;
    private final WriteGuard guard;
    /** The materialised marts the mart_ views read, or null when they compute from the Parquet files. */
    private Marts marts;

    private Warehouse(Connection connection, Path data, Path scratch, Generation generation, Access access) {
        this.connection = connection;
        this.data = data;
        this.scratch = scratch;
        this.generation = generation;
        this.access = access;
        this.guard = new WriteGuard(data, access.sandboxed());
    }

    /** Opens the data set read-only (sandboxed), every repository and week. */
    public static Warehouse open(Path data) throws WarehouseException {
        return open(data, Options.defaults());
    }

    /** Opens the data set read-only (sandboxed). */
    public static Warehouse open(Path data, Options options) throws WarehouseException {
        return open(data, options, Access.readOnly());
    }

    /**
     * Opens the data set: pins its current generation for the warehouse's whole life (every view reads that one,
     * whatever a scan commits meanwhile), checks its Parquet files, loads the views, and applies {@code access}.
     */
    public static Warehouse open(Path data, Options options, Access access) throws WarehouseException {
        Path dir = validate(data);
        if (options.effortWeights() != null && !Files.isRegularFile(options.effortWeights())) {
            throw WarehouseException.usage("weights file not found: " + options.effortWeights());
        }
        List<Path> writable = writableDirs(dir, access);
        Path scratch = null;
        Connection c = null;
        Generation g = null;
        try {
            g = Generation.pin(dir);
            Generation pinned = g;
            ParquetCheck.verify(g, f -> dir.resolve("current").resolve(pinned.dir().relativize(f)).toString());
            scratch = Files.createTempDirectory("anyscope-sql");
            Path effort = options.effortWeights() != null
                    ? Files.copy(options.effortWeights(), scratch.resolve("effort_weights.csv"))
                    : copyResource("effort_weights.csv", scratch);
            Path risk = copyResource("risk_weights.csv", scratch);
            Path catalog = copyResource(CATALOG_RESOURCE, "catalog.yaml", scratch);
            Path pathRules = copyResource(PATH_RULES_RESOURCE, "path_classes.yaml", scratch);
            Path notes = catalogNotes(scratch);
            c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = c.createStatement()) {
                s.execute("SET temp_directory = " + Sql.literal(Files.createDirectories(scratch.resolve("spill"))
                        .toString()));
                s.execute("SET memory_limit = " + Sql.literal(Marts.memoryLimit()));
            }
            setVariable(c, "anyscope_data", dir.toString());
            setVariable(c, "anyscope_generation", g.dir().toString());
            List<String> readable = new ArrayList<>(List.of(effort.toString(), risk.toString(), catalog.toString(),
                    pathRules.toString(), notes.toString()));
            for (String t : TABLES) {
                List<String> files = g.files(t).stream().map(Path::toString).toList();
                readable.addAll(files);
                try (Statement s = c.createStatement()) {
                    s.execute("SET VARIABLE anyscope_files_" + t + " = " + list(files));
                }
            }
            setVariable(c, "anyscope_effort_weights", effort.toString());
            setVariable(c, "anyscope_risk_weights", risk.toString());
            setVariable(c, "anyscope_catalog", catalog.toString());
            setVariable(c, "anyscope_path_rules", pathRules.toString());
            setVariable(c, "anyscope_catalog_entries", notes.toString());
            boolean classesGiven = options.pathClasses() != null && !options.pathClasses().isEmpty();
            setVariable(c, "anyscope_path_classes", classesGiven ? String.join(",", options.pathClasses()) : null);
            if (options.churnWeeks() != null) {
                setVariable(c, "anyscope_churn_weeks", options.churnWeeks());
            }
            if (options.velocityWeeks() != null) {
                setVariable(c, "anyscope_velocity_weeks", options.velocityWeeks());
            }
            setVariable(c, "anyscope_repo", options.repo());
            setVariable(c, "anyscope_team", options.team());
            setVariable(c, "anyscope_since", options.since() == null ? null : options.since().toString());
            setVariable(c, "anyscope_compat_modules", String.join(",", options.compatModules()));
            Warehouse w = new Warehouse(c, dir, scratch, g, access);
            w.marts = Marts.load(w, List.of(effort, risk, catalog, pathRules, notes), access.marts());
            if (access.described()) {
                Descriptions.shipped().apply(c);
            }
            if (classesGiven) {
                checkPathClasses(c, options.pathClasses());
            }
            if (access.sandboxed()) {
                sandbox(c, readable, scratch, writable);
            }
            return w;
        } catch (ParquetCheck.DamagedFileException e) {
            closeAll(c, scratch, g);
            throw new WarehouseException(e.getMessage() + "; restore it from a backup, or rebuild the data set by "
                    + "scanning into a new --out directory", false, e);
        } catch (IOException | SQLException e) {
            closeAll(c, scratch, g);
            throw new WarehouseException("could not open the warehouse over " + dir + ": " + e.getMessage(), false, e);
        } catch (WarehouseException e) {
            closeAll(c, scratch, g);
            throw e;
        }
    }

    /** Runs every SQL file {@code all.sql} lists, in its order: (re)creates every view over the Parquet files. */
    void loadViews() throws IOException, WarehouseException {
        loadViews((view, statement) -> false);
    }

    /** Creates a view in place of its statement in the SQL files, or declines. */
    interface ViewCreator {
        /** True when it created {@code view} (whose statement is {@code statement}); false: run the statement. */
        boolean create(String view, String statement) throws IOException, SQLException, WarehouseException;
    }

    /**
     * Runs every statement of the SQL files {@code all.sql} lists, in their order, offering each CREATE OR REPLACE
     * VIEW to {@code creator} first (Marts points a materialised mart's view at its table there, so the views read
     * by later ones are never bound over the Parquet files).
     */
    void loadViews(ViewCreator creator) throws IOException, WarehouseException {
        for (String f : sqlFiles(readResource(ALL_SQL))) {
            for (String st : splitStatements(readResource(f))) {
                Matcher m = CREATE_VIEW.matcher(st);
                try {
                    if (m.lookingAt() && creator.create(m.group(1), st)) {
                        continue;
                    }
                } catch (SQLException e) {
                    throw new WarehouseException(f + ": " + e.getMessage() + " (creating " + m.group(1) + ")", false,
                            e);
                }
                runScript(f, st);
            }
        }
    }

    /** Creates every view again, skipping the settings ({@code SET} but not {@code SET VARIABLE}): they may be locked. */
    private void reloadViews() throws IOException, WarehouseException {
        for (String f : sqlFiles(readResource(ALL_SQL))) {
            StringBuilder b = new StringBuilder();
            for (String st : splitStatements(readResource(f))) {
                String code = st.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--"))
                        .reduce("", (x, y) -> x + " " + y).strip().toUpperCase();
                if (!code.startsWith("SET ") || code.startsWith("SET VARIABLE ")) {
                    b.append(st).append(";\n");
                }
            }
            runScript(f, b.toString());
        }
    }

    /**
     * Drops the materialised marts: every view computes from the Parquet files again (a variable changed after open,
     * which the materialised marts do not follow).
     */
    private void unmaterialise() throws WarehouseException {
        if (marts != null) {
            marts = null;
            try {
                reloadViews();
                if (access.described()) {
                    Descriptions.shipped().apply(connection);
                }
            } catch (IOException | SQLException e) {
                throw new WarehouseException(e.getMessage(), false, e);
            }
        }
    }

    /**
     * Removes the materialised marts files of data set {@code data} in {@code DATA/marts} and in the user's cache, so
     * that the next report builds them (the bench's cold run). A directory set with {@code -Danyscope.marts} is left.
     */
    public static void removeMarts(Path data) throws IOException {
        Path root = Marts.root(data);
        if (root != null && root.startsWith(data)) {
            Trees.delete(root);
        }
        Trees.delete(Marts.cacheRoot(data));
    }

    /** What {@link #prepareMarts} did, and how long it took. */
    public record MartsPrepared(How how, String from, double seconds) {
        public enum How {
            /** Built into DATA/marts. */
            BUILT,
            /** Linked from the generation before ({@code from}), which holds the same data. */
            LINKED,
            /** A file that fits was there already. */
            FOUND,
            /** Not built: the build failed (Marts said why on stderr) or no place could be written. */
            NOT_BUILT,
            /** Materialisation is off. */
            OFF
        }

        @Override
        public String toString() {
            return switch (how) {
                case BUILT -> String.format("built in %.1f s", seconds);
                case LINKED -> "linked from generation " + from + " (same data)";
                case FOUND -> "already there";
                case NOT_BUILT -> "not built";
                case OFF -> "off";
            };
        }
    }

    /**
     * Makes the materialised marts of data set {@code data}'s current generation, {@code generation}, ready for
     * {@code report} with its defaults, so that the reports and queries after a scan read them rather than build them: when that generation
     * holds the same data as generation {@code sameDataAs} (DataSet#commit), that one's marts files are linked over;
     * otherwise they are built as a report would build them (into {@code DATA/marts}). Nothing when materialisation
     * is off. A report with other options (weights, a repository, path classes) still builds its own on first use.
     */
    public static MartsPrepared prepareMarts(Path data, String generation, String sameDataAs)
            throws WarehouseException, IOException {
        Path dir = validate(data);
        Path root = Marts.root(dir);
        if (root == null) {
            return new MartsPrepared(MartsPrepared.How.OFF, null, 0);
        }
        long start = System.nanoTime();
        if (sameDataAs != null && Marts.carry(dir, root, sameDataAs, generation) > 0) {
            return new MartsPrepared(MartsPrepared.How.LINKED, sameDataAs, (System.nanoTime() - start) / 1e9);
        }
        try (Warehouse w = open(data, Options.defaults(), Access.forReports())) {
            MartsPrepared.How how = w.marts == null ? MartsPrepared.How.NOT_BUILT
                    : w.martsBuilt() ? MartsPrepared.How.BUILT : MartsPrepared.How.FOUND;
            return new MartsPrepared(how, null, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The materialised marts file the mart_ views read, or null when they compute from the Parquet files. */
    public Path martsFile() {
        return marts == null ? null : marts.file();
    }

    /** Whether this open built the materialised marts file it reads (else it found one that fitted, or reads none). */
    boolean martsBuilt() {
        return marts != null && marts.built();
    }

    Generation pinned() {
        return generation;
    }

    /**
     * The id and note of each entry of the shipped catalog, in the form of src/catalog/entries/*.yaml (one file), for
     * ref_catalog_notes (the "why" of a site).
     */
    private static Path catalogNotes(Path scratch) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder b = new StringBuilder("entries:\n");
        for (io.anyscope.catalog.CatalogEntry e : io.anyscope.catalog.Catalog.loadDefault().entries()) {
            if (e.note() != null && !e.note().isBlank()) {
                b.append("  - id: ").append(e.id()).append("\n    note: ")
                        .append(json.writeValueAsString(e.note().strip().replace("\n", " "))).append('\n');
            }
        }
        return Files.writeString(scratch.resolve("catalog_entries.yaml"), b);
    }

    /** Every class given must be one of the rules file's (ref_path_classes), else a usage error naming them. */
    private static void checkPathClasses(Connection c, List<String> given) throws SQLException, WarehouseException {
        List<String> known = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT path_class FROM ref_path_classes ORDER BY class_order")) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
        }
        for (String g : given) {
            if (!known.contains(g)) {
                throw WarehouseException.usage("--path-classes: unknown path class '" + g + "' (classes: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static void closeAll(Connection c, Path scratch, Generation g) {
        closeQuietly(c);
        Trees.deleteQuietly(scratch);
        if (g != null) {
            g.close();
        }
    }

    /** A DuckDB list literal of strings. */
    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (String i : items) {
            b.append(b.length() > 1 ? ", " : "").append(Sql.literal(i));
        }
        return b.append(']').toString();
    }

    /** The directories a sandboxed warehouse may write into: created, absolute, never in DATA. */
    private static List<Path> writableDirs(Path data, Access access) throws WarehouseException {
        List<Path> out = new ArrayList<>();
        WriteGuard guard = new WriteGuard(data, true);
        for (Path d : access.writable()) {
            Path abs = d.toAbsolutePath().normalize();
            if (guard.inside(abs) || guard.inside(WriteGuard.real(abs)) || data.startsWith(WriteGuard.real(abs))) {
                throw WarehouseException.usage("--allow-write " + d + " would allow writing into the data set "
                        + data + ": name a directory outside it");
            }
            try {
                Files.createDirectories(abs);
            } catch (IOException e) {
                throw WarehouseException.usage("--allow-write " + d + ": cannot create that directory ("
                        + e.getMessage() + ")");
            }
            out.add(abs);
        }
        return out;
    }

    /**
     * Locks the connection down: DuckDB reads only {@code readable} files, writes only into {@code writable}
     * directories (as absolute, resolved and working-directory-relative paths, DuckDB compares strings) and its own
     * spill directory in the scratch directory; no extension is installed or loaded; no setting changes after this.
     */
    private static void sandbox(Connection c, List<String> readable, Path scratch, List<Path> writable)
            throws SQLException, IOException {
        Path spill = scratch.resolve("spill");
        List<String> dirs = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        dirs.add(spill + "/");
        for (Path d : writable) {
            dirs.add(d + "/");
            dirs.add(d.toRealPath() + "/");
            if (d.startsWith(cwd) && !d.equals(cwd)) {
                dirs.add(cwd.relativize(d) + "/");
                dirs.add("./" + cwd.relativize(d) + "/");
            } else if (d.equals(cwd)) {
                dirs.add("./");
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("SET allowed_paths = " + list(readable));
            s.execute("SET allowed_directories = " + list(dirs));
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
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
                    + (Tables.ADDED_LATER.containsAll(missing)
                    ? " (written before anyscope had that table: scan into it again to add it)" : ""));
        }
        return dir;
    }

    private static void setVariable(Connection c, String name, String value) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET VARIABLE " + name + " = " + (value == null ? "NULL" : Sql.literal(value)));
        }
    }

    private static void setVariable(Connection c, String name, int value) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET VARIABLE " + name + " = " + value);
        }
    }

    /** Sets (or clears, with null) one {@code anyscope_*} variable; views read it lazily. */
    public void set(String variable, String value) throws WarehouseException {
        unmaterialise();
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
        guard.check(sql);
        if (Marts.setsVariable(sql)) {
            unmaterialise();
        }
        try (Statement s = connection.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    return Table.from(rs);
                }
            }
            return new Table(List.of(), List.of(), List.of());
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * A failed statement: DuckDB's message, or, when the sandbox refused a file, one line saying what is allowed
     * (DuckDB's permission errors name the file and say "disabled by configuration").
     */
    private WarehouseException failure(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (access.sandboxed() && (m.contains("disabled by configuration")
                || m.contains("disabled through configuration") || m.contains("configuration has been locked"))) {
            String first = m.lines().findFirst().orElse(m);
            return new WarehouseException("refused: " + first + " (read-only: " + (access.writable().isEmpty()
                    ? "allow writing into a directory with --allow-write DIR"
                    : "writes go only into " + access.writable()) + ")", false, e);
        }
        return new WarehouseException(m, false, e);
    }

    /** A prepared query with positional parameters. */
    public Table query(String sql, Object... params) throws WarehouseException {
        guard.check(sql);
        if (Marts.setsVariable(sql)) {
            unmaterialise();
        }
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return Table.from(rs);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Path data() {
        return data;
    }

    /** The generation every view reads: the name of the run that wrote it ({@code DATA/generations/<name>}). */
    public String generation() {
        return generation.id();
    }

    /**
     * Splits a script at top-level semicolons, ignoring those inside quotes and comments ({@link SqlLexer#split}).
     * Statements that are only comments are dropped.
     */
    public static List<String> splitStatements(String sql) {
        return SqlLexer.split(sql);
    }

    /** True when the text ends a statement: nothing left open and its last code character is ';'. */
    public static boolean complete(String sql) {
        return SqlLexer.complete(sql);
    }

    @Override
    public void close() {
        closeQuietly(connection);
        Trees.deleteQuietly(scratch);
        generation.close();
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
