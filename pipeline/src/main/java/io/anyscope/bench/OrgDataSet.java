package io.anyscope.bench;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.CatalogEntry;
import io.anyscope.catalog.MistakeRule;
import io.anyscope.catalog.MistakeRules;
import io.anyscope.data.FactNumbers;
import io.anyscope.data.Tables;
import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.config.ConfigExtractor;
import io.anyscope.pipeline.DataSet;
import io.anyscope.pipeline.ParquetFiles;
import io.anyscope.util.Version;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A generated organisation: N repositories with W weeks of weekly history, written straight to Parquet as a valid
 * anyscope data set (the tables, schemas and layout {@code anyscope scan --history weekly} writes: one generation,
 * {@code DATA/current -> generations/<run-id>}, a manifest with the changes coverage). For measuring reports at
 * organisation scale (tests, {@code bench report}) without scanning hundreds of repositories.
 *
 * <p>Deterministic from the seed (ids, dates, run id). Realistic skew: repository sizes are log-normal (a few large
 * ones), teams are Zipf-distributed, about a sixth of the repositories use no async library, the rest asyncio, trio or
 * both, some with blockers (nest_asyncio, trio.lowlevel, trio_asyncio). A migration to AnyIO is in progress: some
 * repositories have not started, most migrate a few files a week, some have finished; along the way come
 * regressions (new legacy sites in migrated code), broken names ({@code anyio.create_task}), migration mistakes
 * (findings) that are fixed weeks later, renames, deleted files, repositories that went quiet, one that failed to
 * open. Usage facts are classified by the shipped catalog exactly as the extractor classifies them; findings carry
 * the shipped rules' messages; requirements files are read by the real configuration extractor.
 */
public final class OrgDataSet {
    /**
     * What the generator writes, as far as a set written before differs: bench report regenerates a cached set of
     * another format. 2: the usages rows carry fact_no and blob_occurrence, as the scan stores them.
     */
    public static final int FORMAT = 2;

    /** The Monday of the newest week of every generated data set (fixed: the data set depends on the seed only). */
    public static final LocalDate LAST_WEEK = LocalDate.of(2026, 11, 23);

    private static final String[] TEAMS = {"payments", "platform", "edge", "data-platform", "search", "identity",
        "growth", "checkout", "observability", "ml-infrastructure", "notifications", "billing", "mobile-backend",
        "ingest", "risk-and-fraud", "developer-experience"};
    private static final String[] PREFIXES = {"payments", "ledger", "gateway", "legacy-gateway", "inventory",
        "search-indexer", "notification-dispatcher", "billing", "checkout", "identity", "session", "feature-flags",
        "telemetry", "metrics-collector", "event-bus", "order-router", "pricing-engine", "catalog-sync", "webhooks",
        "rate-limiter", "scheduler", "report-builder", "media-transcoder", "geo-lookup", "fraud-scoring",
        "customer-profile", "shipping-quotes", "tax-calculator", "recommendations", "audit-log",
        "legacy-gateway-compatibility-shim", "partner-integrations-connector", "warehouse-loader", "chat-relay"};
    private static final String[] SUFFIXES = {"", "-service", "-api", "-worker", "-sdk", "-cli", "-jobs", "-proxy"};
    private static final String[] FIRST = {"Ada", "Bo", "Chen", "Dana", "Emeka", "Fatima", "Goran", "Hiro", "Ines",
        "Jonas", "Kemal", "Lena", "Mateo", "Noor", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera",
        "Wei", "Ximena", "Yusuf", "Zofia"};
    private static final String[] LAST = {"Abara", "Berg", "Costa", "Dubois", "Eriksen", "Fujita", "Garcia", "Haddad",
        "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva",
        "Tanaka", "Umarov", "Varga", "Weber", "Yilmaz", "Zhang"};
    private static final String[] MODULES = {"client", "server", "handlers", "worker", "tasks", "models", "utils",
        "config", "db", "cache", "routes", "consumer", "producer", "pool", "retry", "streams", "auth", "metrics",
        "scheduler", "transport", "codec", "session", "events", "backoff", "health", "admin", "cli", "loader",
        "exporter", "importer", "queue", "locks", "timeouts", "pipeline", "storage", "notifier"};

    /** Legacy sites of asyncio code: symbol, kind, context, weight. */
    private static final Menu ASYNCIO = new Menu(
            "asyncio.create_task call other 8", "asyncio.gather call await 6", "asyncio.sleep call await 10",
            "asyncio.get_event_loop call other 4", "asyncio.AbstractEventLoop.run_in_executor method await 3",
            "asyncio.Queue call other 4", "asyncio.Lock call other 4", "asyncio.wait_for call await 5",
            "asyncio.TimeoutError access except 4", "asyncio.run call other 2", "asyncio.ensure_future call other 3",
            "asyncio.shield call await 1", "asyncio.Event call other 3", "asyncio.create_subprocess_exec call await 1",
            "asyncio.Semaphore call other 2", "asyncio.CancelledError access except 4",
            "async_timeout.timeout call async_with 2", "aiofiles.open call async_with 1", "uvloop.install call other 1");
    private static final Menu TRIO = new Menu(
            "trio.open_nursery call async_with 8", "trio.sleep call await 8", "trio.run call other 2",
            "trio.move_on_after call with 3", "trio.fail_after call with 3", "trio.Event call other 3",
            "trio.to_thread.run_sync call await 3", "trio.Nursery.start_soon method other 6",
            "trio.open_memory_channel call other 3", "trio.lowlevel.current_task call other 1",
            "trio.lowlevel.spawn_system_task call other 1", "trio.Cancelled access except 2");
    private static final Menu BLOCKERS = new Menu("nest_asyncio.apply call other 3",
            "trio_asyncio.open_loop call async_with 1", "trio.lowlevel.wait_readable call await 1");
    /** What a migrated legacy site becomes, by catalog category (absent: the site goes away). */
    private static final Map<String, String> TARGET_BY_CATEGORY = Map.ofEntries(
            Map.entry("module", "anyio"), Map.entry("task_spawning", "anyio.create_task_group"),
            Map.entry("gathering", "anyio.create_task_group"), Map.entry("sleep", "anyio.sleep"),
            Map.entry("thread_bridge", "anyio.to_thread.run_sync"),
            Map.entry("queues_streams", "anyio.create_memory_object_stream"),
            Map.entry("sync_primitives", "anyio.Event"), Map.entry("timeouts", "anyio.fail_after"),
            Map.entry("exceptions", "anyio.get_cancelled_exc_class"), Map.entry("entry_points", "anyio.run"),
            Map.entry("subprocess", "anyio.run_process"), Map.entry("cancellation", "anyio.CancelScope"),
            Map.entry("filesystem", "anyio.open_file"), Map.entry("introspection", "anyio.get_current_task"));
    private static final List<String> TARGETS = TARGET_BY_CATEGORY.values().stream().distinct().sorted().toList();
    /** Line of each library's import (one import per line, so no two sites of a file share a position). */
    private static final List<String> IMPORT_LINES = List.of("asyncio", "trio", "anyio", "nest_asyncio",
            "trio_asyncio", "async_timeout", "aiofiles", "uvloop");
    /** Names a search-and-replace leaves that AnyIO does not have (broken sites). */
    private static final String[] MISSING = {"anyio.create_task", "anyio.gather", "anyio.TimeoutError",
        "anyio.wait_for"};
    /** Rules of src/catalog/rules/mistakes.yaml the generated migrated code trips over. */
    private static final String[] MISTAKES = {"await-start-soon", "coroutine-passed-as-function",
        "cancellation-swallowed", "except-around-task-group"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to generate. {@code repos} and {@code weeks} at least 1. */
    public record Options(int repos, int weeks, long seed) {
        public Options {
            if (repos < 1 || weeks < 1) {
                throw new IllegalArgumentException("repos and weeks must be at least 1: " + repos + " x " + weeks);
            }
        }
    }

    /** What was written: row counts per table, and the run id of the one generation. */
    public record Summary(Path data, String runId, Map<String, Long> rows) {
        public long rows(String table) {
            return rows.getOrDefault(table, 0L);
        }
    }

    private final Options options;
    private final Catalog catalog = Catalog.loadDefault();
    private final Map<String, MistakeRule> rules = new HashMap<>();
    private final ConfigExtractor config = new ConfigExtractor();
    private final String runId;
    private final Instant scannedAt;
    private final LocalDate firstWeek;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, ParquetFiles.Writer> writers = new LinkedHashMap<>();
    private final MessageDigest sha1;
    private final MessageDigest sha256;

    private OrgDataSet(Options options) {
        this.options = options;
        for (MistakeRule r : MistakeRules.loadDefault().rules()) {
            rules.put(r.id(), r);
        }
        this.firstWeek = LAST_WEEK.minusWeeks(options.weeks() - 1L);
        this.scannedAt = LAST_WEEK.plusDays(7).atTime(6, 0).toInstant(ZoneOffset.UTC);
        this.runId = String.format(Locale.ROOT, "%sT060000Z-%06x",
                LAST_WEEK.plusDays(7).toString().replace("-", ""), (int) (options.seed() & 0xffffff));
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the data set into {@code data} (which must not hold one yet): {@code data/current} names the one
     * generation written.
     */
    public static Summary write(Path data, Options options) throws IOException {
        return new OrgDataSet(options).run(data);
    }

    private Summary run(Path data) throws IOException {
        Path root = data.toAbsolutePath().normalize();
        if (Files.exists(root.resolve(DataSet.CURRENT))) {
            throw new IOException(root + ": already holds a data set");
        }
        Path gen = root.resolve(DataSet.GENERATIONS).resolve(runId);
        for (String t : Tables.ALL) {
            Path f = gen.resolve(t).resolve("part-" + runId + ".parquet");
            Files.createDirectories(f.getParent());
            writers.put(t, ParquetFiles.writer(f, Tables.schema(t)));
            counts.put(t, 0L);
        }
        ObjectNode coverage = JSON.createObjectNode();
        List<String> repoIds = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long snapshots = 0;
        long files = 0;
        long commits = 0;
        try {
            for (int i = 0; i < options.repos(); i++) {
                SplittableRandom rnd = new SplittableRandom(options.seed() * 1_000_003L + i);
                Repo repo = new Repo(i, rnd, names);
                repoIds.add(repo.id);
                if (repo.failed) {
                    repo.writeFailed();
                    continue;
                }
                repo.simulate();
                snapshots += repo.snapshots;
                commits += repo.seq;
                files += repo.fileRows;
                coverage.putObject(repo.id).put("from", repo.firstCommit).put("to", repo.lastCommit);
            }
            GenericRecord run = record(Tables.RUNS);
            run.put("run_id", runId);
            run.put("anyscope_version", Version.current());
            run.put("catalog_version", catalog.version());
            run.put("arguments", "generated: OrgDataSet repos=" + options.repos() + " weeks=" + options.weeks()
                    + " seed=" + options.seed());
            run.put("runner", "generated");
            run.put("started_at", scannedAt.toEpochMilli());
            run.put("finished_at", scannedAt.plusSeconds(600).toEpochMilli());
            run.put("status", counts.get(Tables.ERRORS) > 0 ? "partial" : "ok");
            run.put("repos", (long) options.repos());
            run.put("snapshots", snapshots);
            run.put("new_snapshots", snapshots);
            run.put("files", files);
            run.put("distinct_blobs", counts.get(Tables.BLOBS));
            run.put("parsed_blobs", counts.get(Tables.BLOBS));
            run.put("prefiltered_blobs", 0L);
            run.put("bytes", 0L);
            run.put("facts", counts.get(Tables.USAGES) + counts.get(Tables.CONFIG_FACTS));
            run.put("errors", counts.get(Tables.ERRORS));
            run.put("change_commits", commits);
            run.put("changes", counts.get(Tables.CHANGES));
            emit(Tables.RUNS, run);
        } finally {
            for (ParquetFiles.Writer w : writers.values()) {
                w.close();
            }
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("run_id", runId);
        m.put("extraction_version", "generated");
        m.put("catalog_version", catalog.version());
        m.put("committed_at", scannedAt.plusSeconds(600).toString());
        m.putNull("previous");
        m.putPOJO("repositories", repoIds);
        m.putPOJO("tables", Tables.ALL);
        m.put(DataSet.CHANGES_FORMAT, DataSet.CHANGES_FORMAT_VERSION);
        m.set(DataSet.CHANGES_COVERAGE, coverage);
        JSON.writerWithDefaultPrettyPrinter().writeValue(gen.resolve(DataSet.MANIFEST).toFile(), m);
        Files.createSymbolicLink(root.resolve(DataSet.CURRENT), root.relativize(gen));
        return new Summary(root, runId, Map.copyOf(counts));
    }

    private GenericRecord record(String table) {
        return new GenericData.Record(Tables.schema(table));
    }

    private void emit(String table, GenericRecord r) throws IOException {
        writers.get(table).write(r);
        counts.merge(table, 1L, Long::sum);
    }

    private String hex(MessageDigest md, String s, int chars) {
        md.reset();
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, chars);
    }

    private static String label(LocalDate monday) {
        return String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** A weighted list of site templates, "symbol kind context weight" each. */
    private static final class Menu {
        final List<String[]> items = new ArrayList<>();
        int total;

        Menu(String... lines) {
            for (String l : lines) {
                String[] p = l.split(" ");
                items.add(p);
                total += Integer.parseInt(p[3]);
            }
        }

        String[] pick(SplittableRandom rnd) {
            int x = rnd.nextInt(total);
            for (String[] p : items) {
                x -= Integer.parseInt(p[3]);
                if (x < 0) {
                    return p;
                }
            }
            throw new IllegalStateException();
        }
    }

    /** One usage site in a file's content; line numbers are fixed when the site is created. */
    private record Site(String symbol, String kind, String context, int line, int col, String scope, boolean inAsync,
                        String sourceLine, boolean missing, String suppression) {
        String library() {
            int dot = symbol.indexOf('.');
            return dot < 0 ? symbol : symbol.substring(0, dot);
        }
    }

    /** One migration mistake in a file's content. */
    private record Mistake(String ruleId, int line, String sourceLine) {
    }

    /** A tracked file: its path and current content (sites, mistakes), and the blob of that content. */
    private static final class FileState {
        final String path;
        final String parser;
        final long content;
        final List<Site> sites = new ArrayList<>();
        final List<Mistake> mistakes = new ArrayList<>();
        String blobId;
        long size;
        int version;
        int nextLine;
        boolean migrated;
        int fixWeek = -1;

        FileState(String path, String parser, long content) {
            this.path = path;
            this.parser = parser;
            this.content = content;
        }

        boolean hasLegacy() {
            for (Site s : sites) {
                if (!s.library().equals("anyio")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One commit's changes before they are written. */
    private record Change(String path, String change, String oldBlob, String newBlob, String parser,
                          String oldPath) {
    }

    /** One repository's generated history. */
    private final class Repo {
        final int index;
        final SplittableRandom rnd;
        final String name;
        final String team;
        final String url;
        final String id;
        final boolean failed;
        final int startWeek;
        final int lastActiveWeek;
        final double commitsPerWeek;
        final String library; // asyncio, trio, both, none
        final boolean blockers;
        final int migrationStart;
        final int migrationEnd;
        final List<String> authors = new ArrayList<>();
        final Map<String, FileState> files = new LinkedHashMap<>();
        final Map<String, String> writtenBlobs = new HashMap<>();
        int seq;
        String lastCommit;
        String firstCommit;
        long snapshots;
        long fileRows;
        int moduleCounter;

        Repo(int index, SplittableRandom rnd, Set<String> names) {
            this.index = index;
            this.rnd = rnd;
            String n;
            do {
                n = PREFIXES[rnd.nextInt(PREFIXES.length)] + SUFFIXES[rnd.nextInt(SUFFIXES.length)];
                if (names.contains(n)) {
                    n = n + "-" + (index + 2);
                }
            } while (names.contains(n));
            names.add(n);
            this.name = n;
            this.team = TEAMS[zipf(rnd, TEAMS.length)];
            this.url = "https://git.example.com/" + team + "/" + name + ".git";
            this.id = hex(sha256, url, 16);
            this.failed = options.repos() >= 20 && index == options.repos() - 1;
            int w = options.weeks();
            this.startWeek = rnd.nextDouble() < 0.6 ? 0 : rnd.nextInt(Math.max(1, w - 8) + 1);
            this.lastActiveWeek = rnd.nextDouble() < 0.05 && w - startWeek > 12
                    ? w - 1 - rnd.nextInt(3, Math.min(10, w - startWeek - 2)) : w - 1;
            this.commitsPerWeek = Math.min(12, Math.exp(rnd.nextGaussian() * 0.9 + 0.4));
            double l = rnd.nextDouble();
            this.library = l < 0.15 ? "none" : l < 0.68 ? "asyncio" : l < 0.9 ? "trio" : "both";
            this.blockers = !library.equals("none") && rnd.nextDouble() < 0.18;
            double m = rnd.nextDouble();
            int span = lastActiveWeek - startWeek;
            if (library.equals("none") || m < 0.3 || span < 4) {
                migrationStart = Integer.MAX_VALUE; // not started
                migrationEnd = Integer.MAX_VALUE;
            } else {
                migrationStart = startWeek + 1 + rnd.nextInt(Math.max(1, span - 2));
                // finished (before the end) or in progress (an end beyond the series)
                migrationEnd = m < 0.45 ? Math.min(lastActiveWeek, migrationStart + 2 + rnd.nextInt(Math.max(1,
                        (lastActiveWeek - migrationStart) - 1)))
                        : lastActiveWeek + 5 + rnd.nextInt(60);
            }
            int people = 2 + rnd.nextInt(7);
            for (int p = 0; p < people; p++) {
                authors.add(FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)]);
            }
        }

        void writeFailed() throws IOException {
            emit(Tables.REPOS, repoRow("failed", null,
                    "repository not found: " + url + " (the remote answered 404)"));
            GenericRecord e = record(Tables.ERRORS);
            e.put("run_id", runId);
            e.put("repo_id", id);
            e.put("repo", name);
            e.put("snapshot", null);
            e.put("path", null);
            e.put("blob_id", null);
            e.put("stage", "open");
            e.put("kind", "missing_repo");
            e.put("message", "repository not found: " + url + " (the remote answered 404)");
            e.put("at", scannedAt.toEpochMilli());
            e.put("snapshots", null);
            emit(Tables.ERRORS, e);
        }

        GenericRecord repoRow(String status, String head, String error) {
            GenericRecord r = record(Tables.REPOS);
            r.put("repo_id", id);
            r.put("name", name);
            r.put("team", team);
            r.put("url", url);
            r.put("default_branch", status.equals("ok") ? "main" : null);
            r.put("head_commit", head);
            r.put("status", status);
            r.put("error", error);
            r.put("scanned_at", scannedAt.toEpochMilli());
            r.put("path_rules", null);
            return r;
        }

        void simulate() throws IOException {
            String prevSnapshotCommit = null;
            long prevTime = 0;
            String prevAuthor = null;
            long prevAuthorTime = 0;
            for (int w = startWeek; w <= lastActiveWeek; w++) {
                LocalDate monday = firstWeek.plusWeeks(w);
                int commits = w == startWeek || w == lastActiveWeek ? 1 + poisson(commitsPerWeek)
                        : poisson(commitsPerWeek);
                long[] times = new long[commits];
                for (int c = 0; c < commits; c++) {
                    int day = rnd.nextDouble() < 0.9 ? rnd.nextInt(5) : 5 + rnd.nextInt(2);
                    times[c] = monday.plusDays(day).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
                            + (7 + rnd.nextInt(12)) * 3_600_000L + rnd.nextInt(3_600_000);
                }
                java.util.Arrays.sort(times);
                for (int c = 0; c < commits; c++) {
                    long t = Math.max(times[c], prevTime + 1000);
                    String author = authors.get(zipf(rnd, authors.size()));
                    long authorTime = t - rnd.nextInt(2 * 86_400) * 1000L;
                    String commit = hex(sha1, "commit " + id + " " + seq, 40);
                    List<Change> changes = seq == 0 ? initial(w) : work(w, c == commits - 1);
                    for (Change ch : changes) {
                        GenericRecord r = record(Tables.CHANGES);
                        r.put("repo_id", id);
                        r.put("commit_id", commit);
                        r.put("parent_id", seq == 0 ? null : lastCommit);
                        r.put("seq", seq);
                        r.put("commit_time", t);
                        r.put("author_time", authorTime);
                        r.put("author", author);
                        r.put("path", ch.path());
                        r.put("change", ch.change());
                        r.put("old_blob_id", ch.oldBlob());
                        r.put("new_blob_id", ch.newBlob());
                        r.put("parser", ch.parser());
                        r.put("old_path", ch.oldPath());
                        emit(Tables.CHANGES, r);
                    }
                    if (seq == 0) {
                        firstCommit = commit;
                    }
                    lastCommit = commit;
                    prevTime = t;
                    prevAuthor = author;
                    prevAuthorTime = authorTime;
                    seq++;
                }
                boolean repeated = commits == 0;
                GenericRecord s = record(Tables.SNAPSHOTS);
                s.put("repo_id", id);
                s.put("label", label(monday));
                s.put("kind", "week");
                s.put("period_start", (int) monday.toEpochDay());
                s.put("period_end", (int) monday.plusDays(6).toEpochDay());
                s.put("commit_id", lastCommit);
                s.put("commit_time", prevTime);
                s.put("author_time", prevAuthorTime);
                s.put("author", prevAuthor);
                s.put("is_head", w == lastActiveWeek);
                s.put("repeated", repeated);
                s.put("status", "ok");
                emit(Tables.SNAPSHOTS, s);
                snapshots++;
                if (!lastCommit.equals(prevSnapshotCommit)) {
                    for (FileState f : files.values()) {
                        GenericRecord r = record(Tables.FILES);
                        r.put("repo_id", id);
                        r.put("commit_id", lastCommit);
                        r.put("path", f.path);
                        r.put("blob_id", f.blobId);
                        r.put("size", f.size);
                        r.put("parser", f.parser);
                        emit(Tables.FILES, r);
                        fileRows++;
                    }
                    prevSnapshotCommit = lastCommit;
                }
            }
            emit(Tables.REPOS, repoRow("ok", lastCommit, null));
        }

        /** The root commit: the repository's first files. */
        List<Change> initial(int week) throws IOException {
            int n = (int) Math.max(3, Math.min(900, Math.exp(rnd.nextGaussian() * 1.0 + Math.log(35))));
            List<Change> out = new ArrayList<>();
            out.add(writeRequirements(week));
            for (int i = 0; i < n; i++) {
                FileState f = newPythonFile(week, i < 2 && !library.equals("none"));
                out.add(new Change(f.path, "add", null, f.blobId, f.parser, null));
            }
            if (blockers || rnd.nextDouble() < 0.1) {
                // vendored copy of a library: not counted by the reports (path class vendored)
                FileState v = new FileState("vendor/aiohelpers/" + MODULES[rnd.nextInt(MODULES.length)] + ".py",
                        "python", rnd.nextLong());
                addSites(v, ASYNCIO, 3 + rnd.nextInt(8), false);
                store(v);
                out.add(new Change(v.path, "add", null, v.blobId, v.parser, null));
            }
            return out;
        }

        boolean migrating(int week) {
            return week >= migrationStart;
        }

        /** The changes of one later commit. */
        List<Change> work(int week, boolean lastOfWeek) throws IOException {
            List<Change> out = new ArrayList<>();
            LinkedHashSet<String> touched = new LinkedHashSet<>();
            // migration: spread the legacy files left over the weeks to the planned end
            if (migrating(week) && lastOfWeek) {
                List<FileState> legacy = new ArrayList<>();
                for (FileState f : files.values()) {
                    if (f.parser.equals("python") && !f.path.startsWith("vendor/") && f.hasLegacy() && !f.migrated) {
                        legacy.add(f);
                    }
                }
                int weeksLeft = Math.max(1, migrationEnd - week);
                int k = (int) Math.ceil(legacy.size() / (double) weeksLeft * (0.4 + rnd.nextDouble() * 1.2));
                if (week >= migrationEnd) {
                    k = legacy.size();
                }
                for (int i = 0; i < k && i < legacy.size(); i++) {
                    FileState f = legacy.get(rnd.nextInt(legacy.size()));
                    if (touched.add(f.path)) {
                        String old = f.blobId;
                        migrate(f, week);
                        store(f);
                        out.add(new Change(f.path, "modify", old, f.blobId, f.parser, null));
                    }
                }
                if (week == migrationStart || rnd.nextDouble() < 0.05) {
                    Change req = updateRequirements(week);
                    if (req != null && touched.add(req.path())) {
                        out.add(req);
                    }
                }
            }
            // fixes of earlier mistakes and broken names that are due
            for (FileState f : files.values()) {
                if (f.fixWeek >= 0 && f.fixWeek <= week && !touched.contains(f.path)) {
                    String old = f.blobId;
                    f.mistakes.clear();
                    f.sites.removeIf(Site::missing);
                    f.fixWeek = -1;
                    store(f);
                    touched.add(f.path);
                    out.add(new Change(f.path, "modify", old, f.blobId, f.parser, null));
                    break;
                }
            }
            // ordinary work: edits, new files, now and then a deletion, a rename or a regression
            int edits = 1 + (rnd.nextDouble() < 0.3 ? rnd.nextInt(4) : 0);
            List<FileState> all = new ArrayList<>(files.values());
            for (int i = 0; i < edits; i++) {
                double a = rnd.nextDouble();
                if (a < 0.12) {
                    FileState f = newPythonFile(week, !library.equals("none") && rnd.nextDouble() < 0.3);
                    if (touched.add(f.path)) {
                        out.add(new Change(f.path, "add", null, f.blobId, f.parser, null));
                    }
                    continue;
                }
                FileState f = all.get(rnd.nextInt(all.size()));
                if (!f.parser.equals("python") || !touched.add(f.path)) {
                    continue;
                }
                String old = f.blobId;
                if (a < 0.14 && files.size() > 5) {
                    files.remove(f.path);
                    out.add(new Change(f.path, "delete", old, null, f.parser, null));
                } else if (a < 0.16 && !f.path.startsWith("vendor/")) {
                    String to = f.path.replace(".py", "_v2.py");
                    if (files.containsKey(to) || touched.contains(to)) {
                        continue;
                    }
                    files.remove(f.path);
                    FileState g = new FileState(to, f.parser, f.content);
                    g.sites.addAll(f.sites);
                    g.mistakes.addAll(f.mistakes);
                    g.migrated = f.migrated;
                    g.nextLine = f.nextLine;
                    g.fixWeek = f.fixWeek;
                    g.version = f.version;
                    boolean edited = rnd.nextBoolean();
                    if (edited) {
                        g.version++;
                    }
                    store(g);
                    touched.add(to);
                    out.add(new Change(to, "rename", old, g.blobId, g.parser, f.path));
                } else {
                    if (f.migrated && migrating(week) && rnd.nextDouble() < 0.06) {
                        regress(f);
                    } else if (!f.sites.isEmpty() && rnd.nextDouble() < 0.15) {
                        // more of the same library
                        Menu menu = f.migrated || (migrating(week) && rnd.nextDouble() < 0.7) ? null
                                : library.equals("trio") ? TRIO : ASYNCIO;
                        if (menu == null) {
                            addTargetSite(f, TARGET_BY_CATEGORY.get("sleep"));
                        } else if (f.hasLegacy()) {
                            addSites(f, menu, 1, false);
                        }
                    }
                    f.version++;
                    store(f);
                    out.add(new Change(f.path, "modify", old, f.blobId, f.parser, null));
                }
            }
            if (out.isEmpty()) {
                FileState f = newPythonFile(week, false);
                out.add(new Change(f.path, "add", null, f.blobId, f.parser, null));
            }
            return out;
        }

        FileState newPythonFile(int week, boolean async) throws IOException {
            String mod = MODULES[rnd.nextInt(MODULES.length)];
            String path;
            double where = rnd.nextDouble();
            String pkg = name.replace('-', '_');
            if (where < 0.28) {
                path = "tests/test_" + mod + "_" + (++moduleCounter) + ".py";
            } else if (where < 0.31) {
                path = "examples/" + mod + "_demo_" + (++moduleCounter) + ".py";
            } else if (where < 0.6) {
                path = "src/" + pkg + "/" + mod + "_" + (++moduleCounter) + ".py";
            } else {
                path = "src/" + pkg + "/" + MODULES[rnd.nextInt(MODULES.length)] + "/" + mod + "_"
                        + (++moduleCounter) + ".py";
            }
            FileState f = new FileState(path, "python", rnd.nextLong());
            boolean isAsync = async || (!library.equals("none") && rnd.nextDouble() < 0.3);
            if (isAsync) {
                boolean target = migrating(week) && rnd.nextDouble() < 0.8;
                if (target) {
                    f.migrated = true;
                    addTargetSite(f, "anyio");
                    int n = 1 + rnd.nextInt(6);
                    for (int i = 0; i < n; i++) {
                        addTargetSite(f, TARGETS.get(rnd.nextInt(TARGETS.size())));
                    }
                } else {
                    Menu menu = library.equals("trio") ? TRIO
                            : library.equals("both") && rnd.nextBoolean() ? TRIO : ASYNCIO;
                    addSites(f, menu, 1 + (int) Math.min(40, Math.exp(rnd.nextGaussian() * 0.8 + 1.3)), false);
                    if (blockers && rnd.nextDouble() < 0.25) {
                        addSites(f, BLOCKERS, 1 + rnd.nextInt(2), false);
                    }
                }
            }
            store(f);
            return f;
        }

        /** Adds n sites from a menu, with the import of each new library first. */
        void addSites(FileState f, Menu menu, int n, boolean regression) {
            for (int i = 0; i < n; i++) {
                String[] p = menu.pick(rnd);
                ensureImport(f, p[0].substring(0, p[0].indexOf('.')));
                f.sites.add(site(f, p[0], p[1], p[2], regression));
            }
        }

        void ensureImport(FileState f, String lib) {
            for (Site s : f.sites) {
                if (s.kind().equals("import") && s.symbol().equals(lib)) {
                    return;
                }
            }
            f.sites.add(importSite(lib));
        }

        Site importSite(String lib) {
            return new Site(lib, "import", "other", 1 + IMPORT_LINES.indexOf(lib), 1, "", false, "import " + lib,
                    false, null);
        }

        Site site(FileState f, String symbol, String kind, String context, boolean regression) {
            f.nextLine = Math.max(f.nextLine, 12) + 2 + rnd.nextInt(25);
            String fn = "handle_" + MODULES[rnd.nextInt(MODULES.length)] + "_" + f.nextLine;
            String call = symbol.substring(symbol.lastIndexOf('.') + 1);
            String src = switch (kind) {
                case "method" -> "await self._resource." + call + "(None, self." + fn + ")";
                case "access" -> "except " + symbol + ":";
                default -> switch (context) {
                    case "await" -> "await " + symbol + "(self." + fn + "(request_id=" + f.nextLine + "), timeout=30)";
                    case "async_with" -> "async with " + symbol + "() as scope_" + f.nextLine + ":";
                    case "with" -> "with " + symbol + "(" + (5 + f.nextLine % 55) + "):";
                    default -> "self._task_" + f.nextLine + " = " + symbol + "(self." + fn + "())";
                };
            };
            String suppression = !regression && rnd.nextDouble() < 0.01 ? "kept until the vendor SDK supports AnyIO"
                    : null;
            return new Site(symbol, kind, context, f.nextLine, 9, "Service." + fn, !context.equals("other"), src,
                    false, suppression);
        }

        void addTargetSite(FileState f, String symbol) {
            if (symbol.equals("anyio")) {
                ensureImport(f, "anyio");
                return;
            }
            ensureImport(f, "anyio");
            String context = symbol.equals("anyio.create_task_group") ? "async_with"
                    : symbol.equals("anyio.sleep") || symbol.equals("anyio.to_thread.run_sync") ? "await" : "other";
            f.sites.add(site(f, symbol, "call", context, false));
        }

        /** Replaces a file's legacy sites by their AnyIO equivalents; blockers mostly stay. */
        void migrate(FileState f, int week) {
            List<Site> old = new ArrayList<>(f.sites);
            f.sites.clear();
            boolean keptLegacyImport = false;
            for (Site s : old) {
                if (s.kind().equals("import")) {
                    continue;
                }
                if (s.library().equals("anyio")) {
                    f.sites.add(s);
                    continue;
                }
                String tier = catalog.lookup(s.symbol()).map(CatalogEntry::effort).orElse("manual");
                boolean blocker = "blocker".equals(catalog.roleOf(s.library())) || tier.equals("blocker");
                if ((blocker && rnd.nextDouble() < 0.8) || s.suppression() != null) {
                    f.sites.add(s);
                    keptLegacyImport = true;
                    continue;
                }
                String cat = catalog.lookup(s.symbol()).map(CatalogEntry::category).orElse("");
                String target = TARGET_BY_CATEGORY.get(cat);
                if (target != null && !target.equals("anyio")) {
                    String context = target.equals("anyio.create_task_group") ? "async_with" : s.context();
                    f.sites.add(new Site(target, "call", context, s.line(), s.col(), s.scope(), s.inAsync(),
                            s.sourceLine().replace(s.symbol(), target), false, null));
                }
            }
            List<Site> imports = new ArrayList<>();
            for (Site s : old) {
                if (s.kind().equals("import") && keptLegacyImport && !s.symbol().equals("anyio")) {   // added below
                    boolean used = false;
                    for (Site t : f.sites) {
                        used |= t.library().equals(s.symbol());
                    }
                    if (used) {
                        imports.add(s);
                    }
                }
            }
            f.sites.addAll(0, imports);
            f.sites.add(0, importSite("anyio"));
            f.migrated = true;
            f.version++;
            // search-and-replace debris and migration mistakes, fixed some weeks later
            if (rnd.nextDouble() < 0.08) {
                String missing = MISSING[rnd.nextInt(MISSING.length)];
                f.nextLine += 3;
                f.sites.add(new Site(missing, "call", "other", f.nextLine, 9, "Service.start", false,
                        "self._task = " + missing + "(self.run())", true, null));
                f.fixWeek = week + 1 + rnd.nextInt(6);
            }
            if (rnd.nextDouble() < 0.12) {
                String rule = MISTAKES[rnd.nextInt(MISTAKES.length)];
                f.nextLine += 3;
                String src = switch (rule) {
                    case "await-start-soon" -> "await tg.start_soon(self.consume, queue)";
                    case "coroutine-passed-as-function" -> "tg.start_soon(self.consume(queue))";
                    case "cancellation-swallowed" -> "except BaseException:";
                    default -> "except* ValueError:";
                };
                f.mistakes.add(new Mistake(rule, f.nextLine, src));
                f.fixWeek = week + 1 + rnd.nextInt(8);
            }
        }

        /** New legacy usage in migrated code. */
        void regress(FileState f) {
            Menu menu = library.equals("trio") ? TRIO : ASYNCIO;
            String[] p = menu.pick(rnd);
            ensureImport(f, p[0].substring(0, p[0].indexOf('.')));
            f.sites.add(site(f, p[0], p[1], p[2], true));
        }

        Change writeRequirements(int week) throws IOException {
            FileState f = new FileState("requirements.txt", "requirements", 0);
            files.put(f.path, f);
            storeRequirements(f, week);
            return new Change(f.path, "add", null, f.blobId, f.parser, null);
        }

        Change updateRequirements(int week) throws IOException {
            FileState f = files.get("requirements.txt");
            if (f == null) {
                return null;
            }
            String old = f.blobId;
            f.version++;
            storeRequirements(f, week);
            return old.equals(f.blobId) ? null : new Change(f.path, "modify", old, f.blobId, f.parser, null);
        }

        void storeRequirements(FileState f, int week) throws IOException {
            StringBuilder text = new StringBuilder("# " + name + " (generated)\nhttpx>=0.27\npydantic>=2.5\n");
            if (library.equals("trio") || library.equals("both")) {
                text.append("trio>=0.22\n");
            }
            if (blockers) {
                text.append("nest-asyncio==1.6.0\n");
            }
            if (migrating(week)) {
                text.append("anyio>=4.4\n");
            }
            text.append("# v").append(f.version).append('\n');
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            f.blobId = hex(sha1, "blob " + id + " " + new String(bytes, StandardCharsets.UTF_8), 40);
            f.size = bytes.length;
            if (writtenBlobs.putIfAbsent(f.blobId, f.parser) != null) {
                return;
            }
            List<ConfigFact> facts = config.extract(f.parser, f.path, bytes).facts();
            for (ConfigFact c : facts) {
                GenericRecord r = record(Tables.CONFIG_FACTS);
                r.put("blob_id", f.blobId);
                r.put("kind", c.kind());
                r.put("name", c.name());
                r.put("value", c.value());
                r.put("section", c.section());
                r.put("line", c.line());
                emit(Tables.CONFIG_FACTS, r);
            }
            blob(f, text.toString().split("\n").length, 0, facts.size());
        }

        /** Gives the file's current content a blob id and writes the blob's rows (once per blob). */
        void store(FileState f) throws IOException {
            files.put(f.path, f);
            StringBuilder key = new StringBuilder("blob ").append(id).append(' ').append(f.content).append(' ')
                    .append(f.version);
            for (Site s : f.sites) {
                key.append('|').append(s.symbol()).append(s.line());
            }
            for (Mistake m : f.mistakes) {
                key.append('!').append(m.ruleId()).append(m.line());
            }
            f.blobId = hex(sha1, key.toString(), 40);
            int lines = Math.max(f.nextLine + 10, 20 + (int) Math.floorMod(f.content, 400L));
            f.size = lines * 31L + f.version;
            if (writtenBlobs.putIfAbsent(f.blobId, f.parser) != null) {
                return;
            }
            List<GenericRecord> facts = new ArrayList<>(f.sites.size());
            for (Site s : f.sites) {
                facts.add(usage(f.blobId, s));
            }
            FactNumbers.number(facts);      // as the scan stores them
            for (GenericRecord r : facts) {
                emit(Tables.USAGES, r);
            }
            int usages = facts.size();
            for (Mistake m : f.mistakes) {
                MistakeRule rule = rules.get(m.ruleId());
                GenericRecord r = record(Tables.FINDINGS);
                r.put("blob_id", f.blobId);
                r.put("rule_id", rule.id());
                r.put("severity", rule.severity());
                r.put("line", m.line());
                r.put("col", 13);
                r.put("end_line", m.line());
                r.put("end_col", 13 + m.sourceLine().length());
                r.put("source_line", m.sourceLine());
                r.put("message", rule.message().replace("{symbol}", "").strip());
                r.put("fix", rule.fix().strip());
                r.put("anyio", "");                     // every AnyIO version: no range, no repository condition
                r.put("requires", "");
                emit(Tables.FINDINGS, r);
            }
            blob(f, lines, usages, 0);
        }

        void blob(FileState f, int lines, int usages, int configFacts) throws IOException {
            boolean python = f.parser.equals("python");
            GenericRecord b = record(Tables.BLOBS);
            b.put("blob_id", f.blobId);
            b.put("parser", f.parser);
            b.put("status", "ok");
            b.put("bytes", f.size);
            b.put("lines", lines);
            b.put("encoding", "utf-8");
            b.put("decode_error", false);
            b.put("parse_errors", python ? 0 : null);
            int async = 0;
            for (Site s : f.sites) {
                async += s.inAsync() ? 1 : 0;
            }
            b.put("async_defs", python ? async / 2 + (f.sites.isEmpty() ? 0 : 1) : null);
            b.put("awaits", python ? async : null);
            b.put("async_withs", python ? 0 : null);
            b.put("async_fors", python ? 0 : null);
            b.put("usages", usages);
            b.put("config_facts", configFacts);
            b.put("catalog_version", catalog.version());
            b.put("error", null);
            b.put("generated_header", null);
            emit(Tables.BLOBS, b);
        }

        GenericRecord usage(String blobId, Site s) {
            GenericRecord r = record(Tables.USAGES);
            CatalogEntry e = s.missing() ? catalog.likelyOrigin(s.symbol()).orElse(null)
                    : catalog.lookup(s.symbol()).orElse(null);
            r.put("blob_id", blobId);
            r.put("line", s.line());
            r.put("col", s.col());
            r.put("end_line", s.line());
            r.put("end_col", s.col() + s.symbol().length());
            r.put("kind", s.kind());
            r.put("context", s.context());
            r.put("library", s.library());
            r.put("symbol", s.symbol());
            r.put("alias", s.kind().equals("import") ? s.symbol() : s.symbol().substring(s.symbol().lastIndexOf('.')
                    + 1));
            r.put("scope", s.scope());
            r.put("in_async", s.inAsync());
            r.put("derived", s.kind().equals("method"));
            r.put("source_line", s.sourceLine());
            r.put("rule_id", e == null ? null : e.id());
            r.put("category", e == null ? Catalog.UNCATALOGUED : e.category());
            r.put("anyio_equivalent", e == null ? null : e.anyio());
            r.put("effort", e == null ? null : e.effort());
            r.put("risk", e == null ? null : e.risk());
            r.put("missing_name", s.missing());
            r.put("suppression", s.suppression());
            r.put("via", null);
            r.put("via_name", null);
            return r;
        }

        int poisson(double lambda) {
            double l = Math.exp(-lambda);
            int k = 0;
            double p = 1;
            do {
                k++;
                p *= rnd.nextDouble();
            } while (p > l);
            return k - 1;
        }
    }

    /** An index in [0, n) drawn with probability proportional to 1/(i+1). */
    private static int zipf(SplittableRandom rnd, int n) {
        double total = 0;
        for (int i = 1; i <= n; i++) {
            total += 1.0 / i;
        }
        double x = rnd.nextDouble() * total;
        for (int i = 1; i <= n; i++) {
            x -= 1.0 / i;
            if (x < 0) {
                return i - 1;
            }
        }
        return n - 1;
    }
}
