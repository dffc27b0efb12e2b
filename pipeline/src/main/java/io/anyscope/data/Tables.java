package io.anyscope.data;

import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tables of the data set and their Avro schemas (schemas/*.avsc, shipped in the jar). */
public final class Tables {
    public static final String REPOS = "repos";
    public static final String SNAPSHOTS = "snapshots";
    public static final String FILES = "files";
    public static final String CHANGES = "changes";
    public static final String BLOBS = "blobs";
    public static final String USAGES = "usages";
    public static final String CONFIG_FACTS = "config_facts";
    public static final String FINDINGS = "findings";
    public static final String ERRORS = "errors";
    public static final String RUNS = "runs";

    /** All tables, in the order they are documented. */
    public static final List<String> ALL = List.of(REPOS, SNAPSHOTS, FILES, CHANGES, BLOBS, USAGES, CONFIG_FACTS,
            FINDINGS, ERRORS, RUNS);
    /** Tables rewritten for the repositories a run reads (one row per repository / per repository snapshot). */
    public static final List<String> PER_REPO = List.of(REPOS, SNAPSHOTS);
    /**
     * Tables a run appends to; earlier parts are carried into the new generation unchanged, except: files rows of a
     * commit listed again (it was read in part) are replaced, and errors holds the outstanding failures and the notes
     * of a generation, not every run's rows (DataSet#commit, OutstandingErrors).
     */
    public static final List<String> APPEND_ONLY = List.of(FILES, ERRORS, RUNS);
    /**
     * Tables a run appends to per repository, except that a repository whose earlier rows no longer describe its
     * history (DataSet's changes coverage was reset) has them dropped: changes.
     */
    public static final List<String> APPEND_PER_REPO = List.of(CHANGES);
    /** Tables keyed by blob: carried over only while the extraction version is unchanged. */
    public static final List<String> BY_BLOB = List.of(BLOBS, USAGES, CONFIG_FACTS, FINDINGS);
    /**
     * What records when a run happened rather than what it read: the runs table, and these columns of other tables (a
     * repository's scanned_at). No materialised mart reads them (mart_repos, which shows scanned_at, is computed on
     * each read), so a generation that differs from the one before only there has the same marts (DataSet#commit
     * finds it, and the scan links the marts over instead of building them).
     */
    public static final List<String> RUN_TABLES = List.of(RUNS);
    public static final Map<String, java.util.Set<String>> RUN_COLUMNS = Map.of(REPOS, java.util.Set.of("scanned_at"));
    /**
     * Tables added after data sets were first written: a data set without them is read as having none (the readers
     * say so and ask for a scan, which adds them).
     */
    public static final List<String> ADDED_LATER = List.of(CHANGES, FINDINGS);

    /** Parsed once per table; read for every row on every worker thread, so lock-free once loaded. */
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private Tables() {
    }

    public static Schema schema(String table) {
        Schema loaded = SCHEMAS.get(table);
        return loaded != null ? loaded : SCHEMAS.computeIfAbsent(table, t -> {
            try (InputStream in = Tables.class.getResourceAsStream("/io/anyscope/schemas/" + t + ".avsc")) {
                if (in == null) {
                    throw new IllegalStateException("schema resource missing for table " + t);
                }
                return new Schema.Parser().parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
