package io.anyscope.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anyscope.data.Generation;
import io.anyscope.data.ParquetCheck;
import io.anyscope.data.Sql;
import io.anyscope.data.Tables;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.Stage;
import io.anyscope.util.Trees;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DATA directory: immutable generations, one of which is current.
 *
 * <pre>
 * DATA/current -&gt; generations/&lt;run-id&gt;          symlink, replaced by an atomic rename when a run commits
 * DATA/generations/&lt;run-id&gt;/&lt;table&gt;/*.parquet
 * DATA/generations/&lt;run-id&gt;/manifest.json       run id, extraction version, tables, changes coverage
 * DATA/.staging/&lt;run-id&gt;/...                      what a run in progress writes; never read
 * DATA/.staging/&lt;run-id&gt;/.changes/*.parquet     the run's changes coverage reports ({@link ChangeCoverage})
 * </pre>
 *
 * A run writes only into its staging directory. {@link #commit} builds the new generation beside the current one
 * (hard links to the unchanged parts of the current generation, the run's new parts, and rewritten per-repository
 * tables), then swaps the {@code current} link with one rename. A crash or Ctrl-C at any point before that rename
 * leaves {@code current} exactly as it was; leftovers are removed by the next run.
 *
 * <p>Before a run reads or carries anything, {@link #verify} checks every Parquet file of the current generation
 * (footer, columns). A damaged or foreign file fails the run (DATA unchanged) rather than being rebuilt, whatever its
 * table: a per-repository part (repos, snapshots) holds the rows of repositories this run may not read, and the
 * append-only parts (files, changes, errors, runs) hold rows of earlier runs that no run lists again (files of
 * commits listed before, changes covered by the manifest, past errors and runs); a per-blob part (blobs, usages,
 * config_facts) would have to be re-extracted for blobs that only the damaged file names, and blobs are found
 * only through the files a run lists, which are the new commits' files.
 */
public final class DataSet implements AutoCloseable {
    public static final String CURRENT = Generation.CURRENT;
    public static final String GENERATIONS = Generation.GENERATIONS;
    public static final String STAGING = ".staging";
    public static final String MANIFEST = "manifest.json";
    /** Manifest key: repository id to the first-parent range its changes rows cover. */
    public static final String CHANGES_COVERAGE = "changes_coverage";
    /** Manifest key: how the changes rows were listed ({@link #CHANGES_FORMAT_VERSION}; absent: 1). */
    public static final String CHANGES_FORMAT = "changes_format";
    /**
     * The changes format this version writes: 1 listed renames as a delete and an add; 2 detects renames and copies
     * ({@code old_path}). Coverage recorded in an older format is not held: each repository's changes are listed
     * again, once, on its next scan (its old rows dropped), and kept until then.
     */
    public static final int CHANGES_FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private FileChannel lockChannel;
    private FileLock lock;
    /** The in-memory DuckDB database this data set's reads share (opened when first needed, closed with it). */
    private Connection duckdb;

    public DataSet(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Takes the data set's lock so that two runs cannot write the same DATA; fails fast when held. */
    public void lock() throws IOException {
        Files.createDirectories(root);
        lockChannel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IOException(root + ": another anyscope run is writing this data set");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeQueries();
        } finally {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        }
    }

    /**
     * Closes the DuckDB database of this data set's reads, if open, and frees its memory: before a pipeline runs (its
     * peak memory must not include what the planning queries held). A later read opens one again.
     */
    public synchronized void closeQueries() throws IOException {
        if (duckdb != null) {
            try {
                duckdb.close();
            } catch (SQLException e) {
                throw new IOException(root + ": " + e.getMessage(), e);
            } finally {
                duckdb = null;
            }
        }
    }

    /**
     * One in-memory DuckDB database for this data set's reads ({@link #verify}, {@link #known} and the rest): a run
     * starts it once, not once per question (each start costs about 40 ms of an unchanged re-run's 1.5 s), and
     * {@linkplain #closeQueries closes} it before its pipeline runs.
     */
    private synchronized Connection duckdb() throws SQLException {
        if (duckdb == null) {
            duckdb = DriverManager.getConnection("jdbc:duckdb:");
        }
        return duckdb;
    }

    /** The current generation's directory, if a run has ever committed. */
    public Optional<Path> current() {
        Path link = root.resolve(CURRENT);
        if (!Files.exists(link)) {
            return Optional.empty();
        }
        try {
            return Optional.of(link.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot resolve " + CURRENT + ": " + e.getMessage(), e);
        }
    }

    /** The manifest of the current generation (empty object when none). */
    public JsonNode manifest() {
        Optional<Path> cur = current();
        if (cur.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(cur.get().resolve(MANIFEST).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": unreadable manifest in " + cur.get() + ": " + e.getMessage(), e);
        }
    }

    public Path staging(String runId) {
        return root.resolve(STAGING).resolve(runId);
    }

    /**
     * Removes what interrupted runs left: staging directories, a {@code current.tmp-<run>} link made before a kill
     * ended its rename, and generations that are not current, except those a reader has pinned
     * ({@link Generation}): they go in a later run's clean-up.
     */
    public void cleanup() throws IOException {
        Trees.delete(root.resolve(STAGING));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, CURRENT + ".tmp-*")) {
            for (Path tmpLink : ds) {
                Files.deleteIfExists(tmpLink);
            }
        }
        Path gens = root.resolve(GENERATIONS);
        if (Files.isDirectory(gens)) {
            Path cur = current().orElse(null);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(gens)) {
                for (Path g : ds) {
                    if (cur == null || !g.toRealPath().equals(cur)) {
                        Generation.removeUnlessPinned(root, g, Trees::delete);
                    }
                }
            }
        }
        Generation.removeStaleLocks(root);
    }

    /** Files of a table in the current generation. */
    public List<Path> tableFiles(String table) throws IOException {
        Optional<Path> cur = current();
        if (cur.isEmpty()) {
            return List.of();
        }
        return parquetFiles(cur.get().resolve(table));
    }

    private static List<Path> parquetFiles(Path dir) throws IOException {
        return Generation.parquetFiles(dir);
    }

    /**
     * Checks the current generation's Parquet files (footer and columns, {@link ParquetCheck}) before a run reads or
     * carries any of them; a damaged or foreign file fails the run with DATA unchanged, naming the file and the way
     * back. No table part can be rebuilt in place: see the class comment.
     */
    public void verify() throws IOException {
        if (current().isEmpty()) {
            return;
        }
        try (Generation g = Generation.pin(root)) {
            ParquetCheck.verify(duckdb(), g, f -> shown(g, f));
        } catch (ParquetCheck.DamagedFileException e) {
            // The file and the way back are the whole message (a cause's shorter message must not replace it in the
            // one line a user sees); the check's own exception goes to the run's log as a suppressed one.
            IOException damaged = new IOException(e.getMessage() + "; nothing was changed. Restore it from a backup, "
                    + "or rebuild the data set by scanning into a new --out directory");
            damaged.addSuppressed(e);
            throw damaged;
        } catch (SQLException e) {
            throw new IOException("cannot check the data set's Parquet files: " + e.getMessage(), e);
        }
    }

    /** How messages name a file of the current generation: DATA/current/TABLE/FILE. */
    static String shown(Generation g, Path f) {
        return g.root().resolve(CURRENT).resolve(g.dir().relativize(f)).toString();
    }

    /**
     * What earlier runs already stored, so that a run reads only what is new. {@code changes}: per repository, the
     * first-parent range its changes rows cover. {@code partial}: per repository, the listed commits whose tree was
     * read only in part (snapshots status {@code partial}, or {@code failed} with files rows): they are listed again,
     * and their files rows replaced ({@link #commit}), until they are read whole. {@code blobFiles}: the current blob
     * table's files when the extraction version is unchanged (they can be reused), else empty. {@code reextract}:
     * blobs without facts for this extraction version. {@code retry}: blobs whose reading failed for a reason a
     * re-read can change ({@link #blobsToRead}): read again by every run of their repository until they are read.
     */
    public record Known(Map<String, Map<String, String>> snapshots, Map<String, Set<String>> commits,
                        List<Path> blobFiles, Map<String, Coverage> changes, Map<String, Set<String>> partial,
                        List<KnownBlob> reextract, List<KnownBlob> retry) {
        /** Nothing known partial: every listed commit was listed whole. */
        public Known(Map<String, Map<String, String>> snapshots, Map<String, Set<String>> commits,
                     List<Path> blobFiles, Map<String, Coverage> changes) {
            this(snapshots, commits, blobFiles, changes, Map.of(), List.of(), List.of());
        }

        public static Known none() {
            return new Known(Map.of(), Map.of(), List.of(), Map.of());
        }
    }

    /**
     * A blob the files rows of earlier runs refer to, with one of its paths: when the extraction version changed, the
     * blob tables are not carried over and these are extracted again (their commits are not listed again).
     */
    public record KnownBlob(String repoId, String blobId, String parser, String path, long size) {
    }

    /**
     * The first-parent range whose changes a repository's rows hold: every commit from {@code from} to {@code to}
     * (both included; {@code to} was the tip of the run that last extended it). Ranges only grow, staying
     * contiguous: a run lists the commits between the start of its window and {@code from}, and after {@code to}.
     * When either end is no longer on the walked first-parent line (history rewritten, another branch), the
     * repository's rows are dropped and its whole window listed again.
     */
    public record Coverage(String from, String to) implements java.io.Serializable {
    }

    /**
     * Reads the current generation's snapshots (repo id, label, commit), listed commits (repo id, commit) and, when
     * the extraction version matches, the blob tables that can be reused.
     */
    public Known known(String extractionVersion, long maxFileBytes) throws IOException {
        Optional<Path> cur = current();
        if (cur.isEmpty()) {
            return Known.none();
        }
        Map<String, Map<String, String>> snaps = new HashMap<>();
        Map<String, Set<String>> commits = new HashMap<>();
        Map<String, Set<String>> partial = new HashMap<>();
        boolean hasFiles = !tableFiles(Tables.FILES).isEmpty();
        List<Path> blobFiles = tableFiles(Tables.BLOBS);
        JsonNode manifest = manifest();
        boolean reusable = blobsReusable(manifest, extractionVersion);
        List<KnownBlob> withoutFacts = new ArrayList<>();
        List<KnownBlob> retry = new ArrayList<>();
        try (Statement st = duckdb().createStatement()) {
            if (!tableFiles(Tables.SNAPSHOTS).isEmpty()) {
                // status: absent from data sets written before it (read as NULL: complete)
                try (ResultSet rs = st.executeQuery("SELECT repo_id, label, commit_id, status FROM (SELECT * FROM "
                        + "read_parquet(" + glob(cur.get(), Tables.SNAPSHOTS) + ", union_by_name = true) "
                        + "UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS status WHERE false)")) {
                    while (rs.next()) {
                        snaps.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                                rs.getString(3));
                        if (SnapshotStatus.PARTIAL.equals(rs.getString(4))
                                || SnapshotStatus.FAILED.equals(rs.getString(4))) {
                            partial.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(3));
                        }
                    }
                }
            }
            if (hasFiles) {
                try (ResultSet rs = st.executeQuery("SELECT DISTINCT repo_id, commit_id FROM read_parquet("
                        + glob(cur.get(), Tables.FILES) + ")")) {
                    while (rs.next()) {
                        commits.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                    }
                }
            }
            // A commit whose listing was interrupted would have no files rows; one with zero tracked files has
            // none either and is simply listed again (cheap).
            if (hasFiles) {
                blobsToRead(st, cur.get(), reusable && !blobFiles.isEmpty(), !tableFiles(Tables.ERRORS).isEmpty(),
                        maxFileBytes, withoutFacts, retry);
            }
        } catch (SQLException e) {
            throw new IOException(root + ": cannot read the current generation: " + e.getMessage(), e);
        }
        return new Known(snaps, commits, reusable ? blobFiles : List.of(), coverage(manifest), partial,
                withoutFacts, retry);
    }

    /** The blobs status values of a blob that could not be read or extracted ({@link ExtractBlobs}). */
    static final List<String> FAILED_BLOB_STATUSES = List.of("too_large", "binary", "error");

    private static String failedStatuses() {
        return "('" + String.join("', '", FAILED_BLOB_STATUSES) + "')";
    }

    /**
     * One scan of the files rows: every (repository, blob, parser) they refer to that a run must read although the
     * commits that hold it are not listed again, with its smallest path.
     *
     * <ul>
     *   <li>{@code withoutFacts}: no blobs row to carry over. All of them when the extraction version (catalog or
     *       extractor) changed ({@code blobsCarried} false: no blob table is carried over); otherwise those a run with
     *       another version left out (blobs of repositories it did not scan).</li>
     *   <li>{@code retry}: a carried blobs row whose reading failed for a reason a re-read can change: a run of its
     *       repository reads them again, so that a restored object, a repository readable again or a raised size cap
     *       is read, and a failure still there is reported again. That is status {@code error} unless the extractor
     *       failed on the blob (an errors row of stage extract that loses data: the same bytes and the same
     *       extraction version fail the same way), and status {@code too_large} when {@code maxFileBytes} now admits
     *       its size. A blob id names its content: a {@code binary} blob stays binary, and is read again only when
     *       the extraction version changes (as every blob is). The failures not read again stay outstanding
     *       ({@link OutstandingErrors}).</li>
     * </ul>
     */
    private static void blobsToRead(Statement st, Path gen, boolean blobsCarried, boolean hasErrors,
                                    long maxFileBytes, List<KnownBlob> withoutFacts, List<KnownBlob> retry)
            throws SQLException {
        String notes = Sql.list(java.util.Arrays.stream(ErrorKind.values()).filter(k -> !k.losesData())
                .map(ErrorKind::value).toList());
        String refused = !hasErrors ? "SELECT CAST(NULL AS VARCHAR) AS blob_id WHERE false"
                : "SELECT DISTINCT blob_id FROM read_parquet(" + glob(gen, Tables.ERRORS) + ", union_by_name = true) "
                + "WHERE stage = '" + Stage.EXTRACT.value() + "' AND blob_id IS NOT NULL AND NOT list_contains("
                + notes + ", kind)";
        // retry: NULL when the blob has no blobs row (without facts), else whether it is read again
        String carried = !blobsCarried ? "SELECT CAST(NULL AS VARCHAR) AS blob_id, CAST(NULL AS VARCHAR) AS parser, "
                + "CAST(NULL AS BOOLEAN) AS retry WHERE false"
                : "SELECT b.blob_id, b.parser, bool_or((b.status = 'too_large' AND b.bytes <= " + maxFileBytes + ") "
                + "OR (b.status = 'error' AND r.blob_id IS NULL)) AS retry FROM read_parquet("
                + glob(gen, Tables.BLOBS) + ") b LEFT JOIN refused r ON r.blob_id = b.blob_id GROUP BY ALL";
        try (ResultSet rs = st.executeQuery("WITH refused AS (" + refused + "), carried AS (" + carried + ") "
                + "SELECT f.repo_id, f.blob_id, f.parser, min(f.path), max(f.size), c.retry IS NULL FROM read_parquet("
                + glob(gen, Tables.FILES) + ") f LEFT JOIN carried c ON c.blob_id = f.blob_id AND c.parser = f.parser "
                + "WHERE c.retry IS NULL OR c.retry GROUP BY ALL ORDER BY ALL")) {
            while (rs.next()) {
                (rs.getBoolean(6) ? withoutFacts : retry).add(new KnownBlob(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getLong(5)));
            }
        }
    }

    /** Whether a generation's blob tables hold what this extraction version would write (same version). */
    private static boolean blobsReusable(JsonNode manifest, String extractionVersion) {
        return extractionVersion.equals(manifest.path("extraction_version").asText(""));
    }

    /**
     * The changes coverage a manifest records: none for generations written before the changes table, and none for
     * rows listed in an older changes format (they are listed again).
     */
    static Map<String, Coverage> coverage(JsonNode manifest) {
        Map<String, Coverage> out = new HashMap<>();
        if (manifest.path(CHANGES_FORMAT).asInt(1) < CHANGES_FORMAT_VERSION) {
            return out;
        }
        manifest.path(CHANGES_COVERAGE).fields().forEachRemaining(e -> {
            String from = e.getValue().path("from").asText(null);
            String to = e.getValue().path("to").asText(null);
            if (from != null && to != null) {
                out.put(e.getKey(), new Coverage(from, to));
            }
        });
        return out;
    }

    private static String glob(Path gen, String table) {
        return Sql.literal(gen.resolve(table) + "/*.parquet");
    }

    /**
     * What a {@link #commit} made current: the new generation, the rows of its errors table (outstanding failures and
     * notes), and the id of the generation it replaced when it holds the same data ({@link #sameData}), else null.
     */
    public record Committed(Path generation, long errorRows, String sameDataAs) {
    }

    /**
     * Commits a run: builds the new generation from the current one and the run's staging directory, then makes it
     * current with one atomic rename.
     *
     * @param scannedRepoIds repositories the run was asked to read (recorded in the manifest)
     */
    public Committed commit(String runId, String extractionVersion, String catalogVersion,
                            Set<String> scannedRepoIds) throws IOException {
        Path staging = staging(runId);
        Path gens = root.resolve(GENERATIONS);
        Files.createDirectories(gens);
        Path tmp = gens.resolve(runId + ".tmp");
        Trees.delete(tmp);
        Files.createDirectories(tmp);
        Optional<Path> cur = current();
        JsonNode oldManifest = manifest();
        boolean reuseBlobs = cur.isPresent() && blobsReusable(oldManifest, extractionVersion);
        // Changes coverage: the old one, updated by the reports of the repositories this run listed changes for.
        ChangeCoverage.Folded changes = ChangeCoverage.fold(coverage(oldManifest), staging);
        Set<String> resetChanges = changes.reset();
        Set<String> readRepos = readRepos(staging); // before the staged repos parts move
        List<GenericRecord> oldErrors = cur.isPresent() ? readRows(parquetFiles(cur.get().resolve(Tables.ERRORS)))
                : List.of();
        Set<String> readBlobs = blobsRead(staging, oldErrors, readRepos); // before the staged blobs parts move
        long errorRows = 0;
        for (String table : Tables.ALL) {
            Path dir = tmp.resolve(table);
            Files.createDirectories(dir);
            if (table.equals(Tables.ERRORS)) {
                // The outstanding failures and the notes (OutstandingErrors): the old parts are carried as they are
                // when every old row stays unchanged, else the table is written anew.
                List<Path> old = cur.isPresent() ? parquetFiles(cur.get().resolve(table)) : List.of();
                OutstandingErrors.Merged merged = OutstandingErrors.merge(
                        readRows(parquetFiles(staging.resolve(table))), oldErrors, readRepos, readBlobs);
                if (merged.keepsOld()) {
                    for (Path p : old) {
                        link(p, dir.resolve(p.getFileName()));
                    }
                }
                errorRows = merged.rows().size();
                List<GenericRecord> write = merged.keepsOld() ? merged.added() : merged.rows();
                if (!write.isEmpty() || parquetFiles(dir).isEmpty()) {
                    ParquetFiles.write(dir.resolve("errors-" + runId + ".parquet"), Tables.schema(table), write);
                }
                continue;
            }
            for (Path p : parquetFiles(staging.resolve(table))) {
                Files.move(p, dir.resolve(p.getFileName()));
            }
            if (cur.isPresent()) {
                List<Path> old = parquetFiles(cur.get().resolve(table));
                if (table.equals(Tables.FILES)) {
                    // A commit listed again (it was read only in part) replaces its earlier rows.
                    Set<String> relisted = relisted(cur.get(), dir);
                    carry(table, old, dir, runId, relisted.isEmpty() ? Set.of()
                            : partsHolding(old, "list_contains(" + Sql.list(relisted) + ", repo_id || '|' || commit_id)"),
                            r -> relisted.contains(r.get("repo_id") + "|" + r.get("commit_id")));
                } else if (table.equals(Tables.BLOBS) && reuseBlobs) {
                    // A blob read again (its reading had failed) replaces its failed row.
                    Set<String> retried = retried(old, dir);
                    carry(table, old, dir, runId, retried.isEmpty() ? Set.of()
                            : partsHolding(old, "list_contains(" + Sql.list(retried) + ", blob_id || '|' || parser)"),
                            r -> retried.contains(r.get("blob_id") + "|" + r.get("parser")));
                } else if (Tables.APPEND_ONLY.contains(table) || (Tables.BY_BLOB.contains(table) && reuseBlobs)) {
                    for (Path p : old) {
                        link(p, dir.resolve(p.getFileName()));
                    }
                } else if (Tables.APPEND_PER_REPO.contains(table)) {
                    carry(table, old, dir, runId, resetChanges.isEmpty() ? Set.of() : new HashSet<>(old),
                            r -> resetChanges.contains(String.valueOf(r.get("repo_id"))));
                } else if (Tables.PER_REPO.contains(table)) {
                    List<GenericRecord> carried = carryOver(table, old, dir);
                    if (!carried.isEmpty()) {
                        ParquetFiles.write(dir.resolve("carried-" + runId + ".parquet"), Tables.schema(table),
                                carried);
                    }
                }
            }
            if (parquetFiles(dir).isEmpty()) {
                ParquetFiles.write(dir.resolve("empty-" + runId + ".parquet"), Tables.schema(table), List.of());
            }
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("run_id", runId);
        m.put("extraction_version", extractionVersion);
        m.put("catalog_version", catalogVersion);
        m.put("committed_at", Instant.now().toString());
        m.put("previous", cur.map(p -> p.getFileName().toString()).orElse(null));
        m.putPOJO("repositories", scannedRepoIds);
        m.putPOJO("tables", Tables.ALL);
        m.put(CHANGES_FORMAT, CHANGES_FORMAT_VERSION);
        ObjectNode cov = m.putObject(CHANGES_COVERAGE);
        changes.coverage().forEach((repo, c) -> cov.putObject(repo).put("from", c.from()).put("to", c.to()));
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(MANIFEST).toFile(), m);
        Path gen = gens.resolve(runId);
        boolean same = false;
        try {
            same = cur.isPresent() && sameData(cur.get(), tmp);
        } catch (IOException | RuntimeException e) {
            // only what the scan does with the marts depends on it: not knowing means building them
        }
        Files.move(tmp, gen, StandardCopyOption.ATOMIC_MOVE);
        // The commit point: one rename of a symlink.
        Path link = root.resolve(CURRENT);
        Path newLink = root.resolve(CURRENT + ".tmp-" + runId);
        Files.deleteIfExists(newLink);
        Files.createSymbolicLink(newLink, root.relativize(gen));
        try {
            Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(root + ": the file system cannot replace a link atomically", e);
        }
        Trees.delete(staging);
        cleanup();
        return new Committed(gen, errorRows, same ? cur.get().getFileName().toString() : null);
    }

    /**
     * Whether generation {@code next} holds what {@code cur} holds, what records the run aside ({@link
     * Tables#RUN_TABLES}, {@link Tables#RUN_COLUMNS}): each other table has the same parts (the same files, linked), or,
     * for the small tables a run rewrites (repos, snapshots, errors), the same rows. A bigger table with a part of its
     * own counts as changed without reading it: a false "changed" costs a marts build, never a wrong mart.
     */
    static boolean sameData(Path cur, Path next) throws IOException {
        // the parts first (a look at the directories), so that a run with new data reads no rows
        List<String> compareRows = new ArrayList<>();
        for (String table : Tables.ALL) {
            if (Tables.RUN_TABLES.contains(table)
                    || sameParts(parquetFiles(cur.resolve(table)), parquetFiles(next.resolve(table)))) {
                continue;
            }
            if (!Tables.PER_REPO.contains(table) && !table.equals(Tables.ERRORS)) {
                return false;
            }
            compareRows.add(table);
        }
        for (String table : compareRows) {
            if (!rowsAsText(table, parquetFiles(cur.resolve(table)))
                    .equals(rowsAsText(table, parquetFiles(next.resolve(table))))) {
                return false;
            }
        }
        return true;
    }

    /** Whether two lists of parts are the same files (each of {@code now} a link of the one of that name in {@code old}). */
    private static boolean sameParts(List<Path> old, List<Path> now) throws IOException {
        if (old.size() != now.size()) {
            return false;
        }
        Map<String, Path> byName = new HashMap<>();
        old.forEach(p -> byName.put(p.getFileName().toString(), p));
        for (Path p : now) {
            Path o = byName.get(p.getFileName().toString());
            if (o == null || !Files.isSameFile(o, p)) {
                return false;
            }
        }
        return true;
    }

    /** A table's rows in its current schema, the run's columns emptied, each as text, sorted: a multiset to compare. */
    private static List<String> rowsAsText(String table, List<Path> parts) throws IOException {
        org.apache.avro.Schema schema = Tables.schema(table);
        Set<String> runColumns = Tables.RUN_COLUMNS.getOrDefault(table, Set.of());
        List<String> out = new ArrayList<>();
        for (GenericRecord r : conform(schema, readRows(parts))) {
            GenericRecord copy = new org.apache.avro.generic.GenericData.Record((org.apache.avro.generic.GenericData
                    .Record) r, false);
            runColumns.forEach(c -> copy.put(c, null));
            out.add(copy.toString());
        }
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * The failures of the repositories this run read that stand although this run did not find them: the current
     * generation's errors rows of blobs this run did not read again ({@link OutstandingErrors#notReadAgain}; a
     * binary blob, a blob still over the size cap). The new generation keeps them; the run reports them again.
     */
    public List<GenericRecord> notReadAgain(String runId) throws IOException {
        Optional<Path> cur = current();
        if (cur.isEmpty()) {
            return List.of();
        }
        Path staging = staging(runId);
        List<GenericRecord> old = readRows(parquetFiles(cur.get().resolve(Tables.ERRORS)));
        Set<String> readRepos = readRepos(staging);
        Set<String> readBlobs = blobsRead(staging, old, readRepos);
        return old.stream().filter(r -> OutstandingErrors.notReadAgain(r, readRepos, readBlobs)).toList();
    }

    /** The blobs this run read (its staged blobs rows) among those that {@code old}'s blob failures of read repos name. */
    private Set<String> blobsRead(Path staging, List<GenericRecord> old, Set<String> readRepos) throws IOException {
        Set<String> named = new HashSet<>();
        for (GenericRecord r : old) {
            if (OutstandingErrors.notReadAgain(r, readRepos, Set.of())) {
                named.add(String.valueOf(r.get("blob_id")));
            }
        }
        Set<String> out = new HashSet<>();
        List<Path> staged = parquetFiles(staging.resolve(Tables.BLOBS));
        if (named.isEmpty() || staged.isEmpty()) {
            return out;
        }
        query("SELECT DISTINCT blob_id FROM read_parquet(" + paths(staged) + ") WHERE list_contains("
                + Sql.list(named) + ", blob_id)", rs -> out.add(rs.getString(1)));
        return out;
    }

    /**
     * Carries a table's parts of the current generation into the new one's {@code dir}: linked as they are, except
     * the {@code touched} parts, rewritten without the rows to {@code drop} (linked when they hold none).
     */
    private static void carry(String table, List<Path> old, Path dir, String runId, Set<Path> touched,
                              java.util.function.Predicate<GenericRecord> drop) throws IOException {
        int kept = 0;
        for (Path p : old) {
            if (!touched.contains(p)) {
                link(p, dir.resolve(p.getFileName()));
                continue;
            }
            // One read: keep the rows not dropped, counting all of them.
            long[] rows = {0};
            List<GenericRecord> carried = ParquetFiles.read(p, r -> {
                rows[0]++;
                return !drop.test(r);
            });
            if (carried.size() == rows[0]) {
                link(p, dir.resolve(p.getFileName()));
            } else if (!carried.isEmpty()) {
                ParquetFiles.write(dir.resolve("carried-" + runId + "-" + kept++ + ".parquet"), Tables.schema(table),
                        conform(Tables.schema(table), carried));
            }
        }
    }

    /** The parts of {@code files} holding a row that matches the SQL condition {@code where}. */
    private Set<Path> partsHolding(List<Path> files, String where) throws IOException {
        Set<Path> out = new HashSet<>();
        if (files.isEmpty()) {
            return out;
        }
        query("SELECT DISTINCT filename FROM read_parquet(" + Sql.list(files.stream().map(Path::toString)
                .toList()) + ", filename = true, union_by_name = true) WHERE " + where,
                rs -> out.add(Path.of(rs.getString(1))));
        return out;
    }

    /**
     * The (repository, commit) keys that the new files parts in {@code dir} list again: commits the current
     * generation's snapshots hold as partial or failed (read in part) and this run listed.
     */
    private Set<String> relisted(Path cur, Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        List<Path> snaps = parquetFiles(cur.resolve(Tables.SNAPSHOTS));
        List<Path> listed = parquetFiles(dir);
        if (snaps.isEmpty() || listed.isEmpty()) {
            return out;
        }
        query("SELECT DISTINCT repo_id || '|' || commit_id FROM read_parquet(" + paths(listed) + ") WHERE "
                + "(repo_id, commit_id) IN (SELECT (repo_id, commit_id) FROM (SELECT * FROM read_parquet("
                + paths(snaps) + ", union_by_name = true) UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS status "
                + "WHERE false) WHERE status IN ('" + SnapshotStatus.PARTIAL + "', '" + SnapshotStatus.FAILED + "'))",
                rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The (blob, parser) keys that the new blobs parts in {@code dir} read again: a failed row in {@code old}. */
    private Set<String> retried(List<Path> old, Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        List<Path> read = parquetFiles(dir);
        if (old.isEmpty() || read.isEmpty()) {
            return out;
        }
        query("SELECT DISTINCT blob_id || '|' || parser FROM read_parquet(" + paths(read) + ") WHERE "
                + "(blob_id, parser) IN (SELECT (blob_id, parser) FROM read_parquet(" + paths(old) + ") WHERE status IN "
                + failedStatuses() + ")", rs -> out.add(rs.getString(1)));
        return out;
    }

    private static String paths(List<Path> files) {
        return Sql.list(files.stream().map(Path::toString).toList());
    }

    private interface RowSink {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowSink sink) throws IOException {
        try (Statement st = duckdb().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sink.row(rs);
            }
        } catch (SQLException e) {
            throw new IOException(root + ": cannot read the current generation: " + e.getMessage(), e);
        }
    }

    private static List<GenericRecord> readRows(List<Path> files) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        for (Path p : files) {
            out.addAll(ParquetFiles.read(p, r -> true));
        }
        return out;
    }

    /** The repositories this run read: those it wrote a repos row with status ok for. */
    private static Set<String> readRepos(Path staging) throws IOException {
        Set<String> out = new HashSet<>();
        for (GenericRecord r : readRows(parquetFiles(staging.resolve(Tables.REPOS)))) {
            if ("ok".equals(String.valueOf(r.get("status")))) {
                out.add(String.valueOf(r.get("repo_id")));
            }
        }
        return out;
    }

    /**
     * Rows of a per-repository table that the new generation keeps from the current one. {@code repos}: the rows of
     * repositories this run wrote no row for. {@code snapshots}: all rows of repositories this run wrote none for
     * (not listed, or failed to open), and, for the others, the labels this run did not emit again (a narrower
     * {@code --since}) except head rows, which only the newest run may claim.
     */
    private static List<GenericRecord> carryOver(String table, List<Path> old, Path newDir) throws IOException {
        Set<String> newRepos = new HashSet<>();
        Set<String> newLabels = new HashSet<>();
        for (Path p : parquetFiles(newDir)) {
            for (GenericRecord r : ParquetFiles.read(p, x -> true)) {
                String repo = String.valueOf(r.get("repo_id"));
                newRepos.add(repo);
                if (table.equals(Tables.SNAPSHOTS)) {
                    newLabels.add(repo + "\u0000" + r.get("label"));
                }
            }
        }
        List<GenericRecord> carried = new ArrayList<>();
        for (Path p : old) {
            carried.addAll(conform(Tables.schema(table), ParquetFiles.read(p, r -> {
                String repo = String.valueOf(r.get("repo_id"));
                if (!newRepos.contains(repo)) {
                    return true;
                }
                if (table.equals(Tables.REPOS)) {
                    return false;
                }
                boolean head = Boolean.TRUE.equals(r.get("is_head")) || "head".equals(String.valueOf(r.get("kind")));
                return !head && !newLabels.contains(repo + "\u0000" + r.get("label"));
            })));
        }
        return carried;
    }

    /**
     * Rows read from an older generation, in the table's current schema: columns added since (nullable, such as
     * {@code snapshots.status}) take their default; a row already in that schema is kept as is.
     */
    static List<GenericRecord> conform(org.apache.avro.Schema schema, List<GenericRecord> rows) {
        List<GenericRecord> out = new ArrayList<>(rows.size());
        org.apache.avro.Schema same = null; // the rows of one file share one schema instance: compare it once
        for (GenericRecord r : rows) {
            if (r.getSchema() == same || r.getSchema().equals(schema)) {
                same = r.getSchema();
                out.add(r);
                continue;
            }
            GenericRecord n = new org.apache.avro.generic.GenericData.Record(schema);
            for (org.apache.avro.Schema.Field f : schema.getFields()) {
                org.apache.avro.Schema.Field old = r.getSchema().getField(f.name());
                n.put(f.pos(), old != null ? r.get(old.pos())
                        : org.apache.avro.generic.GenericData.get().getDefaultValue(f));
            }
            out.add(n);
        }
        return out;
    }

    private static void link(Path existing, Path target) throws IOException {
        try {
            Files.createLink(target, existing);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            Files.copy(existing, target); // file systems without hard links
        }
    }
}
