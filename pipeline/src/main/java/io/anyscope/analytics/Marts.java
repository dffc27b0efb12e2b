package io.anyscope.analytics;

import io.anyscope.data.Generation;
import io.anyscope.data.Sql;
import io.anyscope.util.CacheHome;
import io.anyscope.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Materialised marts: every {@code mart_} view of the SQL files, computed once per data-set generation and kept as a
 * table in a DuckDB file, {@code DATA/marts/<generation>/<fingerprint>.duckdb}; the views then read those tables, so
 * reports and queries do not recompute the joins over every snapshot. The SQL files stay the one definition: a table
 * is {@code CREATE TABLE mart_x AS SELECT * FROM mart_x} of the view, built in the files' order, each view re-pointed
 * at its table as soon as it is built (later marts read the earlier tables). The fingerprint covers the SQL files,
 * the catalog, path-class rules and weights files, the {@code anyscope_*} variables the views read (repository, team,
 * since, path classes, windows, compatibility modules) and DuckDB's version: change any and another file is built.
 *
 * <p>Built on first open of a generation with given options, into a temporary file renamed when whole, so concurrent
 * readers never see half a file. The reports build into {@code DATA/marts} (Warehouse.MartsBuild), or into the
 * user's cache when DATA cannot be written; only where neither can be written do the views compute from the Parquet
 * files. A notebook or {@code sql} session, which adds nothing to DATA, reads a file there that fits, else builds into the user's cache,
 * {@code ~/.cache/anyscope/marts/<hash of DATA's path>/} ({@code -Danyscope.marts.cache} moves it; its {@code data}
 * file names DATA, and a cache directory whose data set is gone is removed by the next build); {@code export} builds
 * none. Files of generations no longer in {@code DATA/generations} are removed. {@code -Danyscope.marts=off} (or {@code ANYSCOPE_MARTS=off}) turns it off; a directory there puts the files
 * under it instead of {@code DATA/marts}. Setting an {@code anyscope_*} variable after open (the {@code sql} prompt)
 * drops them for that session: the views compute again and follow the variable.
 */
final class Marts {
    static final String DIR = "marts";
    static final String PROPERTY = "anyscope.marts";
    static final String ENV = "ANYSCOPE_MARTS";
    static final String CACHE_PROPERTY = "anyscope.marts.cache";
    /** In a cache directory: the path of the data set whose marts it holds. */
    private static final String DATA_FILE = "data";
    private static final String SCHEMA = "anyscope_marts";
    private static final String BUILD = "anyscope_marts_build";
    /** The CREATE of a mart_ view; group 1 its name. */
    static final Pattern VIEW = Pattern.compile("(?i)CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+(mart_\\w+)");
    private static final Pattern NOT_MATERIALISED = Pattern.compile("(?m)^--\\s*materialise:\\s*no\\b");
    private static final Pattern SET_VARIABLE = Pattern.compile("(?is)(^|;)\\s*(SET|RESET)\\s+VARIABLE\\s+anyscope_");
    /** Variables that name files or the generation: their content is fingerprinted (or the generation id) instead. */
    private static final List<String> PATH_VARIABLES = List.of("anyscope_data", "anyscope_generation",
            "anyscope_effort_weights", "anyscope_risk_weights", "anyscope_catalog", "anyscope_path_rules",
            "anyscope_catalog_entries");

    private final Path file;
    private final boolean built;

    private Marts(Path file, boolean built) {
        this.file = file;
        this.built = built;
    }

    Path file() {
        return file;
    }

    /** Whether this open built the file (else it read one that fitted). */
    boolean built() {
        return built;
    }

    /**
     * DuckDB's memory limit (spilling beyond it, into the warehouse's temporary directory): {@code
     * -Danyscope.duckdb.memory}, default a quarter of the machine's memory and at least 2GB. 1GB was too little for
     * a view that unions two progress series computed from the Parquet files (mart_velocity on the demo's 16 weeks
     * failed "Out of Memory" at 1GB, also single-threaded, and needs ~0.5GB resident at 2GB and above): what the
     * views path needs when no materialised marts file fits (notebook, sql, marts off). Built marts stay small: each
     * mart reads the tables of the earlier ones.
     */
    static String memoryLimit() {
        String given = System.getProperty("anyscope.duckdb.memory");
        if (given != null && !given.isBlank()) {
            return given;
        }
        long mb = 2048;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mb = Math.max(mb, os.getTotalMemorySize() / 4 / (1024 * 1024));
        }
        return mb + "MB";
    }

    /**
     * DuckDB's memory limit while the marts are built ({@code -Danyscope.duckdb.build.memory}, default 700MB): each
     * mart reads the tables of the earlier ones, so the build needs far less than the views path, and without a
     * limit of its own DuckDB kept buffers it did not need (peak RSS 3.2 GB for {@code report all} on 200
     * repositories x 150 weeks). Measured there (bench report, idle): 900MB 45.6 s, 1,117 MB; 700MB 48.1 s, 932 MB;
     * 500MB ran out in a mart, whose retry under the general limit took 57.7 s and 2,893 MB. Operators that can
     * spill do so, to the temporary directory; a mart that still runs out is built again under the general limit.
     */
    static String buildMemoryLimit() {
        String given = System.getProperty("anyscope.duckdb.build.memory");
        return given != null && !given.isBlank() ? given : "700MB";
    }

    /** Whether a statement sets or resets an {@code anyscope_*} variable (which the materialised marts ignore). */
    static boolean setsVariable(String sql) {
        return SET_VARIABLE.matcher(sql).find();
    }

    /** Whether materialisation is turned off: {@code -Danyscope.marts} or {@code ANYSCOPE_MARTS} off, 0, false, no. */
    static boolean off() {
        String v = System.getProperty(PROPERTY, System.getenv(ENV));
        return v != null && List.of("off", "0", "false", "no").contains(v.strip().toLowerCase());
    }

    /** Where the marts of a data set go, or null when materialisation is off. */
    static Path root(Path data) {
        if (off()) {
            return null;
        }
        String v = System.getProperty(PROPERTY, System.getenv(ENV));
        return v == null || v.isBlank() ? data.resolve(DIR) : Path.of(v).toAbsolutePath().normalize();
    }

    /**
     * The mart_ views of the SQL files that are materialised, in the order the files create them: all but those whose
     * comment block just above the CREATE says {@code materialise: no} (a mart that only one later mart reads once,
     * whose table would cost more to write than to compute in that reader).
     */
    static List<String> views() throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : Warehouse.sqlFiles(Warehouse.readResource(Warehouse.ALL_SQL))) {
            String sql = Warehouse.readResource(f);
            Matcher m = VIEW.matcher(sql);
            while (m.find()) {
                if (!out.contains(m.group(1)) && !NOT_MATERIALISED.matcher(commentAbove(sql, m.start())).find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** The run of {@code --} comment lines that ends just before offset {@code at} (the start of a line). */
    static String commentAbove(String sql, int at) {
        int start = at;
        while (start > 0) {
            int prev = sql.lastIndexOf('\n', start - 2) + 1;
            if (!sql.startsWith("--", prev) || prev >= start) {
                break;
            }
            start = prev;
        }
        return sql.substring(start, at);
    }

    /**
     * Loads the warehouse's views with its mart_ views pointed at materialised tables, building them first when no
     * file of this generation and fingerprint exists and {@code build} allows it; null (the views over the Parquet
     * files) when materialisation is off, no file fits and {@code build} is NO, or no place it may build in can be
     * written. One pass over the SQL files: a materialised mart's view is pointed at its
     * table where the files create it, so every later view binds to tables, not to the views over the Parquet files
     * (binding those nested views took 9-12 s per open on four real repositories' weekly history).
     */
    static Marts load(Warehouse w, List<Path> inputs, Warehouse.MartsBuild build)
            throws WarehouseException, IOException {
        Path root = root(w.data());
        if (root == null) {
            w.loadViews();
            return null;
        }
        Load load = new Load(w, inputs, build, root, views());
        try {
            w.loadViews(load);
            return load.finish();
        } catch (WarehouseException | IOException e) {
            if (load.tmp == null) {
                throw e;
            }
            // the build failed: say so, and load the views over the Parquet files afresh
            System.err.println("anyscope: could not build the materialised marts (" + e.getMessage().lines()
                    .findFirst().orElse("") + "); the reports compute from the Parquet files instead, which is "
                    + "slower and needs more memory (-Danyscope.duckdb.build.memory raises the build's limit)");
            load.abandon();
            w.loadViews();
            return null;
        }
    }

    /** The state of one load: decided at the first materialised mart (the settings and staging have run by then). */
    private static final class Load implements Warehouse.ViewCreator {
        private final Warehouse w;
        private final Connection c;
        private final List<Path> inputs;
        private final Warehouse.MartsBuild build;
        private final Path root;
        private final List<String> views;
        private boolean decided;
        /** The file read, or being built (then {@link #tmp} is set); null: the views compute. */
        private Path file;
        private Path tmp;

        Load(Warehouse w, List<Path> inputs, Warehouse.MartsBuild build, Path root, List<String> views) {
            this.w = w;
            this.c = w.connection();
            this.inputs = inputs;
            this.build = build;
            this.root = root;
            this.views = views;
        }

        @Override
        public boolean create(String view, String statement) throws IOException, SQLException, WarehouseException {
            if (!views.contains(view)) {
                return false;
            }
            if (!decided) {
                decide();
            }
            if (file == null) {
                return false;
            }
            if (tmp == null) {
                run(c, pointer(view, SCHEMA));
                return true;
            }
            run(c, statement);
            String create = "CREATE TABLE " + BUILD + ".main." + view + " AS SELECT * FROM " + view;
            long start = System.nanoTime();
            String prof = System.getProperty("anyscope.marts.profile");
            if (prof != null) {
                Files.createDirectories(Path.of(prof));
                run(c, "PRAGMA enable_profiling='json'");
                run(c, "PRAGMA profiling_output = " + Sql.literal(Path.of(prof, view + ".json").toString()));
            }
            try {
                run(c, create);
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("Out of Memory")) {
                    throw e;
                }
                // the build's limit is too small for this mart: once more under the general limit
                run(c, "DROP TABLE IF EXISTS " + BUILD + ".main." + view);
                run(c, "SET memory_limit = " + Sql.literal(memoryLimit()));
                run(c, create);
                run(c, "SET memory_limit = " + Sql.literal(buildMemoryLimit()));
            }
            if (prof != null) {
                run(c, "PRAGMA disable_profiling");
            }
            run(c, "INSERT INTO " + BUILD + ".main." + Warehouse.MARTS_BUILD_LOG + " SELECT " + Sql.literal(view)
                    + ", " + (System.nanoTime() - start) / 1e9 + ", count(*) FROM " + BUILD + ".main." + view);
            run(c, pointer(view, BUILD));
            return true;
        }

        /**
         * Reads the file of this generation and fingerprint when there is one ({@code root}, then the cache), else
         * starts building it where the session builds (the reports: {@code DATA/marts}, else, when that cannot be
         * written, the cache; sql and notebook: the cache), or not.
         */
        private void decide() throws IOException, SQLException, WarehouseException {
            decided = true;
            String name = w.pinned().id() + "/" + fingerprint(c, inputs) + ".duckdb";
            Path cache = root.startsWith(w.data()) ? cacheRoot(w.data()) : root;
            List<Path> places = root.equals(cache) ? List.of(root) : List.of(root, cache);
            List<Path> buildRoots = switch (build) {
                case IN_DATA -> places;
                case IN_CACHE -> List.of(cache);
                case NO -> List.of();
            };
            for (Path r : places) {
                if (Files.isRegularFile(r.resolve(name))) {
                    attach(r.resolve(name));
                    return;
                }
            }
            Path f = null;
            for (Path r : buildRoots) {
                try {
                    if (!r.equals(root)) {
                        cacheEntry(w.data(), r);
                    }
                    removeStale(w.data(), r);
                    Files.createDirectories(r.resolve(name).getParent());
                    f = r.resolve(name);
                    break;
                } catch (IOException e) {
                    // not writable: the next place, else the views compute
                }
            }
            if (f == null) {
                return;
            }
            tmp = f.resolveSibling(f.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime()
                    + ".tmp");
            file = f;
            run(c, "SET memory_limit = " + Sql.literal(buildMemoryLimit()));
            // a mart is a set: no query of the SQL files reads a table's rows in the order they were written, and
            // writing them in any order lets DuckDB write in parallel (mart_files: 4.8 -> 2.9 s at 200 x 150)
            run(c, "SET preserve_insertion_order = false");
            // FSST string compression costs a quarter of writing a wide mart and saves nothing over dictionary
            // compression on these columns (stg_usages of a real weekly history: 1.0 -> 0.77 s, 19.1 -> 18.9 MB)
            run(c, "SET disabled_compression_methods = 'fsst'");
            run(c, "ATTACH " + Sql.literal(tmp.toString()) + " AS " + BUILD);
            run(c, "CREATE TABLE " + BUILD + ".main." + Warehouse.MARTS_BUILD_LOG
                    + " (mart VARCHAR, seconds DOUBLE, row_count BIGINT)");
        }

        private void attach(Path f) throws WarehouseException {
            try {
                run(c, "ATTACH " + Sql.literal(f.toString()) + " AS " + SCHEMA + " (READ_ONLY)");
            } catch (SQLException e) {
                throw new WarehouseException("could not read the materialised marts " + f + ": "
                        + e.getMessage() + " (remove that file to build it again)", false, e);
            }
            file = f;
        }

        /** After the load: a built file is renamed into place and the views read it. */
        Marts finish() throws IOException, WarehouseException {
            if (file == null) {
                return null;
            }
            if (tmp != null) {
                try {
                    run(c, "DETACH " + BUILD);
                    run(c, "SET memory_limit = " + Sql.literal(memoryLimit()));
                    run(c, "RESET preserve_insertion_order");
                    run(c, "RESET disabled_compression_methods");
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    attach(file);
                    for (String v : views) {
                        run(c, pointer(v, SCHEMA));
                    }
                } catch (SQLException e) {
                    throw new WarehouseException("could not point the views at the materialised marts " + file + ": "
                            + e.getMessage() + " (remove that file to build it again)", false, e);
                } finally {
                    deleteTemporary();
                }
            }
            return new Marts(file, tmp != null);
        }

        /** A failed build: the temporary file goes, the general memory limit is back. */
        void abandon() throws IOException {
            try {
                run(c, "DETACH DATABASE IF EXISTS " + BUILD);
                run(c, "SET memory_limit = " + Sql.literal(memoryLimit()));
                run(c, "RESET preserve_insertion_order");
                run(c, "RESET disabled_compression_methods");
            } catch (SQLException ignored) {
                // the connection is closed with the warehouse
            }
            deleteTemporary();
        }

        private void deleteTemporary() throws IOException {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".wal"));
        }
    }

    /**
     * Links the marts files of generation {@code from} under {@code root} into generation {@code to}'s directory (a
     * file is written once, renamed into place, and only ever attached read-only, so a link is a copy); copies where
     * the file system has no links; removes, as a build does, the marts of generations {@code data} no longer has
     * ({@code from}'s among them, once linked: the commit keeps no generation but the current).
     * Returns how many; 0 when {@code from} has none.
     */
    static int carry(Path data, Path root, String from, String to) throws IOException {
        int n = link(root.resolve(from), root.resolve(to));
        removeStale(data, root);
        return n;
    }

    private static int link(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(src)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".duckdb") && Files.isRegularFile(p)).toList();
        }
        if (files.isEmpty()) {
            return 0;
        }
        Files.createDirectories(dst);
        for (Path f : files) {
            Path target = dst.resolve(f.getFileName());
            if (Files.exists(target)) {
                continue;
            }
            try {
                Files.createLink(target, f);
            } catch (UnsupportedOperationException | IOException e) {
                Path tmp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return files.size();
    }

    /** The view that reads mart {@code view}'s table in the attached database {@code db}. */
    private static String pointer(String view, String db) {
        return "CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM " + db + ".main." + view;
    }

    /** One statement on its own JDBC statement (DuckDB closes a statement whose query failed). */
    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Where a session that leaves DATA as it is (sql, notebook) builds the marts of data set {@code data}:
     * {@code -Danyscope.marts.cache}, else {@code ~/.cache/anyscope/marts}, then the hash of DATA's path.
     */
    static Path cacheRoot(Path data) {
        String given = System.getProperty(CACHE_PROPERTY);
        Path base = given != null && !given.isBlank() ? Path.of(given).toAbsolutePath() : CacheHome.dir(DIR);
        MessageDigest d = sha256();
        add(d, data.toAbsolutePath().normalize().toString());
        return base.resolve(HexFormat.of().formatHex(d.digest()).substring(0, 16));
    }

    /**
     * Records which data set the cache directory {@code entry} holds the marts of (its {@code data} file), and
     * removes the cache directories beside it whose data set is gone.
     */
    private static void cacheEntry(Path data, Path entry) throws IOException {
        Files.createDirectories(entry);
        Files.writeString(entry.resolve(DATA_FILE), data.toAbsolutePath().normalize().toString());
        try (Stream<Path> s = Files.list(entry.getParent())) {
            for (Path d : s.toList()) {
                Path named = d.resolve(DATA_FILE);
                if (!d.equals(entry) && Files.isRegularFile(named)
                        && !Files.isDirectory(Path.of(Files.readString(named).strip()).resolve(Generation.GENERATIONS))) {
                    Trees.deleteQuietly(d);
                }
            }
        }
    }

    /** Removes the marts of generations the data set no longer has. */
    private static void removeStale(Path data, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.toList()) {
                if (Files.isDirectory(d)
                        && !Files.isDirectory(data.resolve(Generation.GENERATIONS).resolve(d.getFileName()))) {
                    Trees.deleteQuietly(d);
                }
            }
        }
    }

    /**
     * The fingerprint of what the marts depend on besides the generation: the SQL files, the inputs' contents
     * (weights, catalog, rules), the values of the anyscope_ variables the views read, DuckDB's version.
     */
    static String fingerprint(Connection c, List<Path> inputs) throws IOException, SQLException {
        MessageDigest d = sha256();
        for (String f : Warehouse.sqlFiles(Warehouse.readResource(Warehouse.ALL_SQL))) {
            add(d, f);
            add(d, Warehouse.readResource(f));
        }
        for (Path p : inputs) {
            add(d, p.getFileName().toString());
            d.update(Files.readAllBytes(p));
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, CAST(value AS VARCHAR), version() FROM duckdb_variables() "
                     + "WHERE name LIKE 'anyscope\\_%' ESCAPE '\\' AND name NOT LIKE 'anyscope\\_files\\_%' ESCAPE '\\' "
                     + "ORDER BY name")) {
            while (rs.next()) {
                if (!PATH_VARIABLES.contains(rs.getString(1))) {
                    add(d, rs.getString(1) + "=" + rs.getString(2));
                }
                add(d, rs.getString(3));
            }
        }
        return HexFormat.of().formatHex(d.digest()).substring(0, 24);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(MessageDigest d, String s) {
        d.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
    }
}
