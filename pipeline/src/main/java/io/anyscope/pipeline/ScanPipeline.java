package io.anyscope.pipeline;

import io.anyscope.catalog.Catalog;
import io.anyscope.data.Tables;
import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.ExtractionException;
import io.anyscope.extract.Extractor;
import io.anyscope.extract.FileKinds;
import io.anyscope.extract.FileResult;
import io.anyscope.extract.FileSummary;
import io.anyscope.extract.Usage;
import io.anyscope.git.BlobReader;
import io.anyscope.git.BlobResult;
import io.anyscope.git.ChangeLister;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.FileEntry;
import io.anyscope.git.GitInputException;
import io.anyscope.git.History;
import io.anyscope.git.OpenedRepo;
import io.anyscope.git.Redactor;
import io.anyscope.git.RepoOpener;
import io.anyscope.git.RepoPool;
import io.anyscope.git.RepoSpec;
import io.anyscope.git.Snapshot;
import io.anyscope.git.Stage;
import io.anyscope.git.TreeLister;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scan as a Beam pipeline: list repositories, list their snapshots, list each new snapshot commit's files,
 * read and extract each distinct blob once, write the tables to Parquet in a staging directory.
 *
 * <p>{@link #build} only builds; the caller runs it on any runner (DirectRunner by default, Flink or Spark through
 * Beam's runners). Bad input is recorded in the {@code errors} output, counted, printed to stderr, and skipped.
 */
public final class ScanPipeline {
    /** Options of a scan, as Beam pipeline options so that they travel to the workers of any runner. */
    public interface Options extends PipelineOptions {
        @Description("Snapshots to take: HEAD, WEEKLY, MONTHLY, TAGS or ALL (anyscope scan --history also takes lower case)")
        @Default.Enum("HEAD")
        History.Mode getHistory();

        void setHistory(History.Mode value);

        @Description("First day (UTC, yyyy-mm-dd) of the history to read")
        String getSince();

        void setSince(String value);

        @Description("Last day (UTC, yyyy-mm-dd) of the history to read")
        String getUntil();

        void setUntil(String value);

        @Description("Branch to walk instead of each repository's default branch")
        String getBranch();

        void setBranch(String value);

        @Description("Directory where repositories given by URL are cloned (bare) and fetched")
        String getCache();

        void setCache(String value);

        @Description("Directory with the ssh keys, known_hosts and config that ssh:// and scp-like (user@host:path) "
                + "URLs use, as OpenSSH reads them (id_ed25519, id_ecdsa, id_rsa, ..., IdentityFile in config); "
                + "default: ~/.ssh. Give a CI job's deploy key this way. Host keys must be in its known_hosts")
        String getSshDir();

        void setSshDir(String value);

        @Description("Files larger than this many bytes are recorded as too_large and not read")
        @Default.Long(Extractor.DEFAULT_MAX_BYTES)
        long getMaxFileBytes();

        void setMaxFileBytes(long value);

        @Description("Seconds before a clone or fetch of a URL gives up")
        @Default.Integer(DEFAULT_GIT_TIMEOUT_SECONDS)
        int getGitTimeoutSeconds();

        void setGitTimeoutSeconds(int value);

        @Description("Identifier of this run (set by the scan command)")
        String getRunId();

        void setRunId(String value);

        @Description("Directory the run writes its tables to (set by the scan command)")
        String getStagingDir();

        void setStagingDir(String value);

        @Description("Work buckets: commits and blobs are spread over this many keys (0 = four per core here). More "
                + "buckets spread work over more workers on a cluster; each bucket costs the DirectRunner one bundle")
        @Default.Integer(0)
        int getBuckets();

        void setBuckets(int value);

        @Description("Files per table (fixed sharding); 0 = as the runner's bundles come (default)")
        @Default.Integer(0)
        int getShards();

        void setShards(int value);

        @Description("With --history head: weeks before the tip whose commits the changes table lists (churn)")
        @Default.Integer(DEFAULT_CHURN_WEEKS)
        int getChurnWeeks();

        void setChurnWeeks(int value);
    }

    /** Default of --churn-weeks, the same as the SQL variable anyscope_churn_weeks. */
    public static final int DEFAULT_CHURN_WEEKS = 8;

    public static final int DEFAULT_GIT_TIMEOUT_SECONDS = 60;

    /** What {@link #plan} needs of the options (the driver's fast path has them without building Beam options). */
    public record PlanParams(String runId, History.Mode history, String since, String until, String branch,
                             String cache, int gitTimeoutSeconds, String sshDir, int churnWeeks, int buckets) {
        static PlanParams of(Options o) {
            return new PlanParams(o.getRunId(), o.getHistory(), o.getSince(), o.getUntil(), o.getBranch(),
                    o.getCache(), o.getGitTimeoutSeconds(), o.getSshDir(), o.getChurnWeeks(), ScanPipeline.buckets(o));

        }
    }

    /** The number of work buckets: --buckets, or four per core here. */
    static int buckets(Options o) {
        return o.getBuckets() > 0 ? o.getBuckets() : 4 * Runtime.getRuntime().availableProcessors();
    }

    /**
     * A commit whose files must be listed: the {@code order}-th of the {@code of} commits its repository lists in
     * this run (oldest first), so that neighbouring snapshots, which share most subtrees, are listed together.
     */
    public record CommitTask(RepoSpec repo, String repoId, String commitId, int order, int of)
            implements Serializable {
        /**
         * Contiguous runs of a repository's commits per bucket, the repositories spread by their ids. A repository's
         * commits make at most a quarter as many runs as there are buckets (one per core here): each run lists its
         * unchanged subtrees and emits its blobs once, so longer runs list less and hold fewer duplicate tasks.
         */
        int bucket(int buckets) {
            int runs = Math.max(1, buckets / 4);
            int chunk = Math.max(1, (of + runs - 1) / runs);
            return Math.floorMod(repoId.hashCode() + order / chunk, buckets);
        }
    }

    /**
     * A run of first-parent commits whose changes must be listed: {@code count} commits ending (newest) at
     * {@code lastCommitId}, whose position on the first-parent line is {@code lastSeq}; {@code chunk} numbers the
     * runs of a repository, to spread them over buckets.
     */
    public record ChangeTask(RepoSpec repo, String repoId, String lastCommitId, int lastSeq, int count, int chunk)
            implements Serializable {
        int bucket(int buckets) {
            return Math.floorMod(repoId.hashCode() + chunk, buckets);
        }
    }

    /** Smallest run of commits a change task holds (smaller ones cost the DirectRunner more than they spread). */
    static final int MIN_CHANGE_CHUNK = 64;

    /** A blob to read and extract, with one of the paths it was seen at. */
    public record BlobTask(RepoSpec repo, String repoId, String blobId, String path, String parser, long size)
            implements Serializable {
        String key() {
            return blobId + "|" + parser;
        }
    }

    static final TupleTag<GenericRecord> REPOS = new TupleTag<>() { };
    static final TupleTag<GenericRecord> SNAPSHOTS = new TupleTag<>() { };
    static final TupleTag<GenericRecord> FILES = new TupleTag<>() { };
    static final TupleTag<GenericRecord> CHANGES = new TupleTag<>() { };
    static final TupleTag<GenericRecord> BLOBS = new TupleTag<>() { };
    static final TupleTag<GenericRecord> USAGES = new TupleTag<>() { };
    static final TupleTag<GenericRecord> CONFIG = new TupleTag<>() { };
    static final TupleTag<GenericRecord> ERRORS = new TupleTag<>() { };
    static final TupleTag<CommitTask> COMMITS = new TupleTag<>() { };
    static final TupleTag<ChangeTask> CHANGE_TASKS = new TupleTag<>() { };
    static final TupleTag<KV<String, BlobTask>> BLOB_TASKS = new TupleTag<>() { };

    /** Counter names, printed at the end of a run and stored in the runs table. */
    public static final String NS = "anyscope";
    public static final List<String> COUNTERS = List.of("repos", "snapshots", "new_snapshots", "files",
            "change_commits", "changes", "distinct_blobs", "parsed_blobs", "prefiltered_blobs", "bytes", "facts",
            "errors", "failed_inputs");

    static Counter counter(String name) {
        return Metrics.counter(NS, name);
    }

    private ScanPipeline() {
    }

    /** Builds the scan into {@code p} without running it. */
    public static void build(Pipeline p, Options o, List<RepoSpec> repos, DataSet.Known known) {
        PCollection<RepoSpec> specs = p.apply("Repositories",
                Create.of(repos).withCoder(SerializableCoder.of(RepoSpec.class)));
        PCollectionTuple listed = specs.apply("ListSnapshots", new ListSnapshots(known));
        int buckets = buckets(o);
        PCollectionTuple files = listed.get(COMMITS).apply("ListFiles", new ListFiles(buckets));
        PCollectionTuple changes = listed.get(CHANGE_TASKS).apply("ListChanges", new ListChanges(buckets));
        PCollection<BlobTask> blobs = files.get(BLOB_TASKS).apply("DistinctBlobs", new DistinctBlobs(known, buckets));
        PCollectionTuple extracted = blobs.apply("ExtractBlobs", new ExtractBlobs());
        PCollection<GenericRecord> errors = PCollectionList.of(listed.get(ERRORS)).and(files.get(ERRORS))
                .and(changes.get(ERRORS)).and(extracted.get(ERRORS)).apply("AllErrors", Flatten.pCollections())
                .setCoder(AvroCoder.of(Tables.schema(Tables.ERRORS)));
        // Runner-determined sharding (one file per bundle) unless --shards is given: fixed sharding groups every
        // row of a table onto a few keys, which the DirectRunner's state handling makes quadratic (measured: minutes
        // for 100k rows).
        int shards = Math.max(0, o.getShards());
        boolean direct = o.getRunner() != null && o.getRunner().getSimpleName().equals("DirectRunner");
        WriteTables w = new WriteTables(o.getStagingDir(), o.getRunId(), direct);
        w.write(listed.get(REPOS), Tables.REPOS, shards);
        w.write(listed.get(SNAPSHOTS), Tables.SNAPSHOTS, shards);
        w.write(files.get(FILES), Tables.FILES, shards);
        w.write(changes.get(CHANGES), Tables.CHANGES, shards);
        w.write(extracted.get(BLOBS), Tables.BLOBS, shards);
        w.write(extracted.get(USAGES), Tables.USAGES, shards);
        w.write(extracted.get(CONFIG), Tables.CONFIG_FACTS, shards);
        w.write(errors, Tables.ERRORS, shards);
    }

    /**
     * One problem of a DoFn: counts it in {@code errors} (and in {@code failedInputs} unless {@code null}: the
     * input's data is missing), prints its stderr line and returns its errors row ({@link Rows#error}). The line is
     * built from the row's repository, path and message (already redacted; redacting again changes nothing).
     */
    static GenericRecord problem(Counter errors, Counter failedInputs, GenericRecord error) {
        errors.inc();
        if (failedInputs != null) {
            failedInputs.inc();
        }
        stderr((String) error.get("repo"), (String) error.get("path"), (String) error.get("message"));
        return error;
    }

    static void stderr(String repo, String path, String message) {
        System.err.println(problemLine(repo, path, message));
    }

    /**
     * One stderr line naming the repository (redacted) and the path once: messages that already begin with them
     * (GitInputException's and the extractor's do) are not prefixed twice.
     */
    static String problemLine(String repo, String path, String message) {
        String r = Redactor.redact(repo);
        String m = Redactor.redact(message == null ? "" : message);
        for (String lead : new String[] {"repository " + r + ": ", r + ": "}) {
            if (m.startsWith(lead)) {
                m = m.substring(lead.length());
                break;
            }
        }
        if (path != null && m.startsWith(path + ": ")) {
            m = m.substring(path.length() + 2);
        }
        return "anyscope: " + r + (path == null ? "" : ": " + path) + ": " + m;
    }

    // ---- stage 1: repositories and their snapshots ----

    /** Opens (clones or fetches) each repository and lists its snapshots; emits the commits not listed before. */
    static final class ListSnapshots extends PTransform<PCollection<RepoSpec>, PCollectionTuple> {
        private final DataSet.Known known;

        ListSnapshots(DataSet.Known known) {
            this.known = known;
        }

        @Override
        public PCollectionTuple expand(PCollection<RepoSpec> input) {
            Map<String, Map<String, String>> snaps = new HashMap<>();
            known.snapshots().forEach((k, v) -> snaps.put(k, new HashMap<>(v)));
            Map<String, Set<String>> commits = new HashMap<>();
            known.commits().forEach((k, v) -> commits.put(k, new LinkedHashSet<>(v)));
            PCollectionTuple out = input.apply(ParDo.of(new ListSnapshotsFn(snaps, commits,
                            new HashMap<>(known.changes())))
                    .withOutputTags(REPOS, TupleTagList.of(SNAPSHOTS).and(COMMITS).and(CHANGE_TASKS).and(ERRORS)));
            out.get(REPOS).setCoder(AvroCoder.of(Tables.schema(Tables.REPOS)));
            out.get(SNAPSHOTS).setCoder(AvroCoder.of(Tables.schema(Tables.SNAPSHOTS)));
            out.get(ERRORS).setCoder(AvroCoder.of(Tables.schema(Tables.ERRORS)));
            out.get(COMMITS).setCoder(TaskCoders.CommitTaskCoder.of());
            out.get(CHANGE_TASKS).setCoder(TaskCoders.ChangeTaskCoder.of());
            return out;
        }
    }

    /** Rows by table and counters of a run decided in the driver. */
    public record Planned(Map<String, List<GenericRecord>> rows, Map<String, Long> counters) {
    }

    /**
     * Plans a run in the driver, repository by repository, and returns its rows when no repository has a commit to
     * list (nothing new: only the repos and snapshots rows, and errors, are written, exactly as the pipeline would
     * write them); returns {@code null} as soon as one has, and the pipeline must run. For local repositories only
     * (nothing is cloned or fetched here).
     */
    public static Planned planUnchanged(PlanParams o, List<RepoSpec> repos, DataSet.Known known) {
        Map<String, List<GenericRecord>> rows = new HashMap<>();
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        COUNTERS.forEach(c -> counters.put(c, 0L));
        boolean[] listing = {false};
        for (RepoSpec spec : repos) {
            if (spec.isUrl()) {
                return null;
            }
            plan(spec, o, known.snapshots().getOrDefault(spec.repoId(), Map.of()),
                    known.commits().getOrDefault(spec.repoId(), Set.of()), known.changes().get(spec.repoId()),
                    new PlanSink() {
                        @Override
                        public void repo(GenericRecord r) {
                            rows.computeIfAbsent(Tables.REPOS, k -> new java.util.ArrayList<>()).add(r);
                        }

                        @Override
                        public void snapshot(GenericRecord r) {
                            rows.computeIfAbsent(Tables.SNAPSHOTS, k -> new java.util.ArrayList<>()).add(r);
                        }

                        @Override
                        public void commit(CommitTask t) {
                            listing[0] = true;
                        }

                        @Override
                        public void changes(ChangeTask t) {
                            listing[0] = true;
                        }

                        @Override
                        public void coverage(String repoId, DataSet.Coverage c, boolean reset) {
                            listing[0] = true;
                        }

                        @Override
                        public void error(GenericRecord r) {
                            rows.computeIfAbsent(Tables.ERRORS, k -> new java.util.ArrayList<>()).add(r);
                        }

                        @Override
                        public void count(String counter) {
                            counters.merge(counter, 1L, Long::sum);
                        }
                    });
            if (listing[0]) {
                return null;
            }
        }
        return new Planned(rows, counters);
    }

    /** Where {@link #plan} sends a repository's rows, its commits to list and its counts. */
    interface PlanSink {
        void repo(GenericRecord r);

        void snapshot(GenericRecord r);

        void commit(CommitTask t);

        /** A run of commits whose changes must be listed. */
        void changes(ChangeTask t);

        /** The repository's changes coverage once this run's change tasks are done; reset: drop its old rows. */
        void coverage(String repoId, DataSet.Coverage c, boolean reset);

        void error(GenericRecord r);

        void count(String counter);
    }

    /**
     * Opens (clones or fetches) one repository, lists its snapshots and emits its repos row, its snapshots rows, the
     * snapshot commits not listed before ({@code listed}) and the first-parent commits whose changes are not held
     * ({@code covered}: the range earlier runs listed, or null); failures become errors rows.
     */
    static void plan(RepoSpec spec, PlanParams o, Map<String, String> before, Set<String> listed,
                     DataSet.Coverage covered, PlanSink out) {
        String runId = o.runId();
        String repoId = spec.repoId();
        Instant now = Instant.now();
        out.count("repos");
        RepoOpener opener = new RepoOpener(Path.of(o.cache()), o.gitTimeoutSeconds(),
                o.sshDir() == null || o.sshDir().isBlank() ? null : Path.of(o.sshDir()));
        try (OpenedRepo opened = opener.open(spec)) {
            History h = History.of(opened.repository(), o.branch(), spec.name());
            List<Snapshot> snaps = h.snapshots(o.history(), ListSnapshotsFn.date(o.since()),
                    ListSnapshotsFn.date(o.until()));
            Set<String> toList = new LinkedHashSet<>();
            for (Snapshot s : snaps) {
                out.snapshot(Rows.snapshot(repoId, s));
                out.count("snapshots");
                if (!s.commitId().equals(before.get(s.label()))) {
                    out.count("new_snapshots");
                }
                if (!listed.contains(s.commitId())) {
                    toList.add(s.commitId());
                }
            }
            int order = 0;
            for (String c : toList) {
                out.commit(new CommitTask(spec, repoId, c, order++, toList.size()));
            }
            try {
                planChanges(spec, h, o, covered, out);
            } catch (GitInputException e) {
                // The snapshots are listed; only the changes are lost (e.g. an ancestor missing from a damaged
                // clone, which a head scan does not otherwise walk): one error, and no coverage recorded.
                out.count("errors");
                out.count("failed_inputs");
                stderr(spec.redactedLocation(), null, e.getMessage() + " (the changes table is not listed)");
                out.error(Rows.error(runId, repoId, spec.name(), null, null, null, Stage.CHANGES.value(),
                        e.kind().value(), "changes not listed: " + e.getMessage()));
            }
            out.repo(Rows.repo(repoId, spec.name(), spec.team(), spec.redactedLocation(),
                    h.branch(), h.tip().name(), "ok", null, now));
        } catch (GitInputException e) {
            out.count("errors");
            out.count("failed_inputs");
            stderr(spec.redactedLocation(), null, e.getMessage());
            out.error(Rows.error(runId, repoId, spec.name(), null, null, null, e.stage().value(),
                    e.kind().value(), e.getMessage()));
            out.repo(Rows.repo(repoId, spec.name(), spec.team(), spec.redactedLocation(), null,
                    null, "failed", e.getMessage(), now));
        } catch (RuntimeException e) {
            out.count("errors");
            out.count("failed_inputs");
            String msg = spec.redactedLocation() + ": " + e;
            stderr(spec.redactedLocation(), null, e.toString());
            out.error(Rows.error(runId, repoId, spec.name(), null, null, null, "history", "other",
                    msg));
            out.repo(Rows.repo(repoId, spec.name(), spec.team(), spec.redactedLocation(), null,
                    null, "failed", msg, now));
        }
    }

    /**
     * The change tasks of one repository: the commits from the start of this run's window
     * ({@link History#changesStart}) to the tip that the held coverage does not hold, in runs of at least
     * {@link #MIN_CHANGE_CHUNK} commits spread over the buckets. Coverage whose ends are no longer on the
     * first-parent line is reset: the whole window is listed and the old rows dropped.
     */
    static void planChanges(RepoSpec spec, History h, PlanParams o, DataSet.Coverage covered, PlanSink out) {
        List<ObjectId> chain = h.firstParentCommits();
        int tip = chain.size() - 1;
        int start = h.changesStart(o.history(), ListSnapshotsFn.date(o.since()),
                o.churnWeeks());
        int a = covered == null ? -1 : h.indexOf(covered.from());
        int b = covered == null ? -1 : h.indexOf(covered.to());
        boolean reset = a < 0 || b < a;
        List<int[]> ranges = new java.util.ArrayList<>(); // inclusive [first, last] indexes
        int from;
        if (reset) {
            ranges.add(new int[] {start, tip});
            from = start;
        } else {
            if (start < a) {
                ranges.add(new int[] {start, a - 1});
            }
            if (b < tip) {
                ranges.add(new int[] {b + 1, tip});
            }
            from = Math.min(start, a);
        }
        if (ranges.isEmpty()) {
            return;
        }
        // The coverage first: if recording it fails, no change task has gone out, so no rows can be written that
        // the next run would list again (a task that fails later drops the coverage through markChangesFailed).
        out.coverage(spec.repoId(), new DataSet.Coverage(chain.get(from).name(), chain.get(tip).name()), reset);
        int total = ranges.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        int size = Math.max(MIN_CHANGE_CHUNK, (total + Math.max(1, o.buckets()) - 1) / Math.max(1, o.buckets()));
        int chunk = 0;
        for (int[] r : ranges) {
            for (int last = r[1]; last >= r[0]; last -= size) {
                int count = Math.min(size, last - r[0] + 1);
                out.changes(new ChangeTask(spec, spec.repoId(), chain.get(last).name(), last, count, chunk++));
            }
        }
    }

    static final class ListSnapshotsFn extends DoFn<RepoSpec, GenericRecord> {
        private static final Counter REPOS_C = counter("repos");
        private static final Counter SNAPSHOTS_C = counter("snapshots");
        private static final Counter NEW_SNAPSHOTS_C = counter("new_snapshots");
        private static final Counter ERRORS_C = counter("errors");
        private static final Counter FAILED_C = counter("failed_inputs");
        private final HashMap<String, Map<String, String>> knownSnapshots;
        private final HashMap<String, Set<String>> knownCommits;
        private final HashMap<String, DataSet.Coverage> knownChanges;

        ListSnapshotsFn(Map<String, Map<String, String>> knownSnapshots, Map<String, Set<String>> knownCommits,
                        Map<String, DataSet.Coverage> knownChanges) {
            this.knownSnapshots = new HashMap<>(knownSnapshots);
            this.knownCommits = new HashMap<>(knownCommits);
            this.knownChanges = new HashMap<>(knownChanges);
        }

        @ProcessElement
        public void process(@Element RepoSpec spec, MultiOutputReceiver out, PipelineOptions po) {
            Options opts = po.as(Options.class);
            plan(spec, PlanParams.of(opts), knownSnapshots.getOrDefault(spec.repoId(), Map.of()),
                    knownCommits.getOrDefault(spec.repoId(), Set.of()), knownChanges.get(spec.repoId()),
                    new PlanSink() {
                        @Override
                        public void repo(GenericRecord r) {
                            out.get(REPOS).output(r);
                        }

                        @Override
                        public void snapshot(GenericRecord r) {
                            out.get(SNAPSHOTS).output(r);
                        }

                        @Override
                        public void commit(CommitTask t) {
                            out.get(COMMITS).output(t);
                        }

                        @Override
                        public void changes(ChangeTask t) {
                            out.get(CHANGE_TASKS).output(t);
                        }

                        @Override
                        public void coverage(String repoId, DataSet.Coverage c, boolean reset) {
                            try {
                                DataSet.markChanges(Path.of(opts.getStagingDir()), repoId, c, reset);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }

                        @Override
                        public void error(GenericRecord r) {
                            out.get(ERRORS).output(r);
                        }

                        @Override
                        public void count(String counter) {
                            switch (counter) {
                                case "repos" -> REPOS_C.inc();
                                case "snapshots" -> SNAPSHOTS_C.inc();
                                case "new_snapshots" -> NEW_SNAPSHOTS_C.inc();
                                case "errors" -> ERRORS_C.inc();
                                case "failed_inputs" -> FAILED_C.inc();
                                default -> throw new IllegalArgumentException(counter);
                            }
                        }
                    });
        }

        static LocalDate date(String s) {
            return s == null || s.isBlank() ? null : LocalDate.parse(s);
        }
    }

    // ---- stage 2: files of each new snapshot commit ----

    /** Lists the tracked files of each commit; emits the files rows and one blob task per file. */
    static final class ListFiles extends PTransform<PCollection<CommitTask>, PCollectionTuple> {
        private final int buckets;

        ListFiles(int buckets) {
            this.buckets = buckets;
        }

        @Override
        public PCollectionTuple expand(PCollection<CommitTask> input) {
            int n = buckets;
            PCollectionTuple out = input
                    .apply("BucketCommits", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                            TypeDescriptor.of(CommitTask.class))).via((CommitTask t) -> KV.of(t.bucket(n), t)))
                    .setCoder(KvCoder.of(VarIntCoder.of(), TaskCoders.CommitTaskCoder.of()))
                    .apply("SpreadCommits", GroupByKey.create())
                    .apply(ParDo.of(new ListFilesFn()).withOutputTags(FILES, TupleTagList.of(BLOB_TASKS).and(ERRORS)));
            out.get(FILES).setCoder(AvroCoder.of(Tables.schema(Tables.FILES)));
            out.get(ERRORS).setCoder(AvroCoder.of(Tables.schema(Tables.ERRORS)));
            out.get(BLOB_TASKS).setCoder(KvCoder.of(StringUtf8Coder.of(), TaskCoders.BlobTaskCoder.of()));
            return out;
        }
    }

    static final class ListFilesFn extends DoFn<KV<Integer, Iterable<CommitTask>>, GenericRecord> {
        private static final Counter FILES_C = counter("files");
        private static final Counter ERRORS_C = counter("errors");
        private static final Counter FAILED_C = counter("failed_inputs");
        private transient RepoPool repos;

        @Setup
        public void setup(PipelineOptions po) {
            repos = new RepoPool(po.as(Options.class).getCache());
        }

        @Teardown
        public void teardown() {
            if (repos != null) {
                repos.close();
            }
        }

        @ProcessElement
        public void process(@Element KV<Integer, Iterable<CommitTask>> bucket, MultiOutputReceiver out,
                            PipelineOptions po) {
            String runId = po.as(Options.class).getRunId();
            // Per bucket: unchanged subtrees are listed once, and each (blob, parser) leaves the bucket once, with
            // the bucket's smallest (repository, path): the smallest over all buckets is then the same as before.
            Map<String, TreeLister.SubtreeCache> caches = new HashMap<>();
            Map<String, BlobTask> blobs = new HashMap<>();
            First pick = new First();
            String open = null;
            try {
                for (CommitTask t : bucket.getValue()) {
                    if (!t.repo().location().equals(open)) {
                        // one reader at a time, kept while the bucket stays in one repository (its delta base
                        // cache, up to 32 MB, spans that repository's commits)
                        repos.closeReaders();
                        open = t.repo().location();
                    }
                    list(t, out, runId, caches.computeIfAbsent(t.repo().location(),
                            k -> new TreeLister.SubtreeCache()), blobs, pick);
                }
            } finally {
                repos.closeReaders();
            }
            blobs.forEach((k, bt) -> out.get(BLOB_TASKS).output(KV.of(k, bt)));
        }

        private void list(CommitTask t, MultiOutputReceiver out, String runId, TreeLister.SubtreeCache cache,
                          Map<String, BlobTask> blobs, First pick) {
            try {
                List<FileEntry> entries = TreeLister.list(repos.reader(t.repo()), ObjectId.fromString(t.commitId()),
                        cache);
                for (FileEntry f : entries) {
                    if (f.isOk()) {
                        FILES_C.inc();
                        out.get(FILES).output(Rows.file(t.repoId(), t.commitId(), f));
                        BlobTask bt = new BlobTask(t.repo(), t.repoId(), f.blobId(), f.path(), f.parser(), f.size());
                        blobs.merge(bt.key(), bt, pick::apply);
                    } else {
                        String kind = f.skip().value();
                        boolean failed = !kind.equals("symlink") && !kind.equals("submodule");
                        out.get(ERRORS).output(problem(ERRORS_C, failed ? FAILED_C : null, Rows.error(runId,
                                t.repoId(), t.repo().name(), t.commitId(), f.path(), f.blobId(), "list", kind,
                                f.message())));
                    }
                }
            } catch (GitInputException e) {
                out.get(ERRORS).output(problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(),
                        t.commitId(), null, null, e.stage().value(), e.kind().value(), e.getMessage())));
            } catch (RuntimeException e) {
                repos.evict(t.repo());
                String msg = "commit " + t.commitId() + ": " + e;
                out.get(ERRORS).output(problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(),
                        t.commitId(), null, null, "list", "other", msg)));
            }
        }
    }

    // ---- stage 2b: the changes of first-parent commits ----

    /**
     * Lists the tracked paths each first-parent commit of the change tasks changed relative to its first parent
     * ({@link ChangeLister}); emits the changes rows. The tasks are spread over the buckets like the commits of
     * {@link ListFiles}.
     */
    static final class ListChanges extends PTransform<PCollection<ChangeTask>, PCollectionTuple> {
        private final int buckets;

        ListChanges(int buckets) {
            this.buckets = buckets;
        }

        @Override
        public PCollectionTuple expand(PCollection<ChangeTask> input) {
            int n = buckets;
            PCollectionTuple out = input
                    .apply("BucketChangeRuns", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                            TypeDescriptor.of(ChangeTask.class))).via((ChangeTask t) -> KV.of(t.bucket(n), t)))
                    .setCoder(KvCoder.of(VarIntCoder.of(), TaskCoders.ChangeTaskCoder.of()))
                    .apply("SpreadChangeRuns", GroupByKey.create())
                    .apply(ParDo.of(new ListChangesFn()).withOutputTags(CHANGES, TupleTagList.of(ERRORS)));
            out.get(CHANGES).setCoder(AvroCoder.of(Tables.schema(Tables.CHANGES)));
            out.get(ERRORS).setCoder(AvroCoder.of(Tables.schema(Tables.ERRORS)));
            return out;
        }
    }

    static final class ListChangesFn extends DoFn<KV<Integer, Iterable<ChangeTask>>, GenericRecord> {
        private static final Counter COMMITS_C = counter("change_commits");
        private static final Counter CHANGES_C = counter("changes");
        private static final Counter ERRORS_C = counter("errors");
        private static final Counter FAILED_C = counter("failed_inputs");
        private transient RepoPool repos;

        @Setup
        public void setup(PipelineOptions po) {
            repos = new RepoPool(po.as(Options.class).getCache());
        }

        @Teardown
        public void teardown() {
            if (repos != null) {
                repos.close();
            }
        }

        @ProcessElement
        public void process(@Element KV<Integer, Iterable<ChangeTask>> bucket, MultiOutputReceiver out,
                            PipelineOptions po) throws IOException {
            Options o = po.as(Options.class);
            for (ChangeTask t : bucket.getValue()) {
                if (!list(t, out, o.getRunId())) {
                    DataSet.markChangesFailed(Path.of(o.getStagingDir()), t.repoId());
                }
            }
        }

        /** Lists one run of commits, newest first; false when some commit could not be compared. */
        private boolean list(ChangeTask t, MultiOutputReceiver out, String runId) {
            boolean ok = true;
            String at = t.lastCommitId();
            try (ObjectReader reader = repos.get(t.repo()).newObjectReader();
                 org.eclipse.jgit.revwalk.RevWalk rw = new org.eclipse.jgit.revwalk.RevWalk(reader)) {
                org.eclipse.jgit.revwalk.RevCommit c = rw.parseCommit(ObjectId.fromString(at));
                for (int i = 0; i < t.count() && c != null; i++) {
                    at = c.name();
                    rw.parseBody(c);
                    org.eclipse.jgit.revwalk.RevCommit parent = c.getParentCount() == 0 ? null : c.getParent(0);
                    if (parent != null) {
                        rw.parseHeaders(parent);
                    }
                    try {
                        List<ChangeLister.Change> changes = ChangeLister.diff(reader,
                                parent == null ? null : parent.getTree(), c.getTree());
                        COMMITS_C.inc();
                        if (!changes.isEmpty()) {
                            CHANGES_C.inc(changes.size());
                            String commitId = c.name();
                            String parentId = parent == null ? null : parent.name();
                            int seq = t.lastSeq() - i;
                            long commitTime = c.getCommitTime() * 1000L;
                            org.eclipse.jgit.lib.PersonIdent who = c.getAuthorIdent();
                            long authorTime = who.getWhenAsInstant().toEpochMilli();
                            String author = who.getName();
                            for (ChangeLister.Change ch : changes) {
                                out.get(CHANGES).output(Rows.change(t.repoId(), commitId, parentId, seq, commitTime,
                                        authorTime, author, ch));
                            }
                        }
                    } catch (GitInputException e) {
                        ok = false;
                        String msg = "commit " + c.name() + ": " + e.getMessage();
                        out.get(ERRORS).output(problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(),
                                t.repo().name(), c.name(), null, null, e.stage().value(), e.kind().value(), msg)));
                    }
                    c = parent;
                }
            } catch (GitInputException e) {
                // the repository could not be opened for reading: its own kind and words (missing_repo, io, ...)
                repos.evict(t.repo());
                out.get(ERRORS).output(problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(), at,
                        null, null, Stage.CHANGES.value(), e.kind().value(), e.getMessage())));
                return false;
            } catch (IOException | RuntimeException e) {
                repos.evict(t.repo());
                String kind = e instanceof org.eclipse.jgit.errors.MissingObjectException
                        ? ErrorKind.MISSING_OBJECT.value() : ErrorKind.CORRUPT.value();
                String msg = "commit " + at + ": cannot walk its first-parent history for the changes table: " + e;
                out.get(ERRORS).output(problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(), at,
                        null, null, Stage.CHANGES.value(), kind, msg)));
                return false;
            }
            return ok;
        }
    }

    // ---- stage 3: distinct blobs not extracted before ----

    /**
     * One task per distinct (blob, parser), whatever the number of snapshots, paths or forks it appears in; blobs
     * that an earlier run extracted with the same extraction version are dropped.
     */
    static final class DistinctBlobs extends PTransform<PCollection<KV<String, BlobTask>>, PCollection<BlobTask>> {
        private final DataSet.Known known;
        private final int buckets;

        DistinctBlobs(DataSet.Known known, int buckets) {
            this.known = known;
            this.buckets = buckets;
        }

        @Override
        public PCollection<BlobTask> expand(PCollection<KV<String, BlobTask>> tasks) {
            int n = buckets;
            PCollection<KV<Integer, BlobTask>> byBucket = tasks
                    .apply("BucketBlobs", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                            TypeDescriptor.of(BlobTask.class))).via((KV<String, BlobTask> kv) ->
                            KV.of(bucket(kv.getKey(), n), kv.getValue())))
                    .setCoder(KvCoder.of(VarIntCoder.of(), TaskCoders.BlobTaskCoder.of()));
            PCollection<KV<Integer, String>> done;
            if (!known.blobFiles().isEmpty()) {
                done = tasks.getPipeline()
                        .apply("ReadKnownBlobs", ParquetIO.read(Tables.schema(Tables.BLOBS)).from(
                                known.blobFiles().get(0).getParent().toString() + "/*.parquet"))
                        .apply("KnownKeys", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                                        TypeDescriptors.strings()))
                                .via((GenericRecord r) -> {
                                    String key = r.get("blob_id") + "|" + r.get("parser");
                                    return KV.of(bucket(key, n), key);
                                }))
                        .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
            } else {
                done = tasks.getPipeline().apply("NoKnownBlobs", Create.empty(
                        KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of())));
            }
            TupleTag<BlobTask> taskTag = new TupleTag<>();
            TupleTag<String> doneTag = new TupleTag<>();
            return KeyedPCollectionTuple.of(taskTag, byBucket).and(doneTag, done)
                    .apply("JoinKnown", CoGroupByKey.create())
                    .apply("OnePerBlob", ParDo.of(new OnePerBlobFn(taskTag, doneTag)))
                    .setCoder(TaskCoders.BlobTaskCoder.of());
        }
    }

    /** The bucket of a key: stable across JVMs (String.hashCode is specified). */
    static int bucket(String key, int buckets) {
        return Math.floorMod(key.hashCode(), buckets);
    }

    /**
     * Within one bucket: one task per (blob, parser), the smallest (repository, path) for determinism, unless an
     * earlier run extracted it.
     */
    static final class OnePerBlobFn extends DoFn<KV<Integer, CoGbkResult>, BlobTask> {
        private final TupleTag<BlobTask> taskTag;
        private final TupleTag<String> doneTag;

        OnePerBlobFn(TupleTag<BlobTask> taskTag, TupleTag<String> doneTag) {
            this.taskTag = taskTag;
            this.doneTag = doneTag;
        }

        @ProcessElement
        public void process(@Element KV<Integer, CoGbkResult> kv, OutputReceiver<BlobTask> out) {
            Set<String> done = new java.util.HashSet<>();
            kv.getValue().getAll(doneTag).forEach(done::add);
            Map<String, BlobTask> first = new java.util.TreeMap<>();
            First pick = new First();
            for (BlobTask t : kv.getValue().getAll(taskTag)) {
                String key = t.key();
                if (!done.contains(key)) {
                    first.merge(key, t, pick::apply);
                }
            }
            first.values().forEach(out::output);
        }
    }

    /** Deterministic representative: the smallest (repository, path). */
    static final class First implements SerializableBiFunction<BlobTask, BlobTask, BlobTask> {
        @Override
        public BlobTask apply(BlobTask a, BlobTask b) {
            int c = a.repoId().compareTo(b.repoId());
            if (c == 0) {
                c = a.path().compareTo(b.path());
            }
            return c <= 0 ? a : b;
        }
    }

    // ---- stage 4: read and extract ----

    /** Reads each blob (with the size cap) and extracts its facts; one extractor (and parser) per worker thread. */
    static final class ExtractBlobs extends PTransform<PCollection<BlobTask>, PCollectionTuple> {
        @Override
        public PCollectionTuple expand(PCollection<BlobTask> input) {
            PCollectionTuple out = input
                    .apply(ParDo.of(new ExtractFn()).withOutputTags(BLOBS,
                            TupleTagList.of(USAGES).and(CONFIG).and(ERRORS)));
            out.get(BLOBS).setCoder(AvroCoder.of(Tables.schema(Tables.BLOBS)));
            out.get(USAGES).setCoder(AvroCoder.of(Tables.schema(Tables.USAGES)));
            out.get(CONFIG).setCoder(AvroCoder.of(Tables.schema(Tables.CONFIG_FACTS)));
            out.get(ERRORS).setCoder(AvroCoder.of(Tables.schema(Tables.ERRORS)));
            return out;
        }
    }

    static final class ExtractFn extends DoFn<BlobTask, GenericRecord> {
        private static final Counter BLOBS_C = counter("distinct_blobs");
        private static final Counter PARSED_C = counter("parsed_blobs");
        private static final Counter PREFILTERED_C = counter("prefiltered_blobs");
        private static final Counter BYTES_C = counter("bytes");
        private static final Counter FACTS_C = counter("facts");
        private static final Counter ERRORS_C = counter("errors");
        private static final Counter FAILED_C = counter("failed_inputs");
        private transient Extractor extractor;
        private transient RepoPool repos;
        private transient String catalogVersion;

        @Setup
        public void setup(PipelineOptions po) {
            Catalog c = Catalog.loadDefault();
            extractor = new Extractor(c);
            catalogVersion = c.version();
            repos = new RepoPool(po.as(Options.class).getCache());
        }

        /** The readers of a bundle's repositories are closed with the bundle (the repositories stay open). */
        @FinishBundle
        public void finishBundle() {
            repos.closeReaders();
        }

        @Teardown
        public void teardown() {
            if (repos != null) {
                repos.close();
            }
        }

        @ProcessElement
        public void process(@Element BlobTask t, MultiOutputReceiver out, PipelineOptions po) {
            Options o = po.as(Options.class);
            String runId = o.getRunId();
            BLOBS_C.inc();
            BlobResult r;
            ErrorKind kind;
            try {
                r = BlobReader.read(repos.reader(t.repo()), ObjectId.fromString(t.blobId()), o.getMaxFileBytes());
                kind = r.kind();
            } catch (GitInputException e) {
                // The repository cannot be opened for reading here: the opener's kind (missing_repo, corrupt, io)
                // says why, for each of its blobs.
                r = BlobResult.failed(BlobResult.Status.CORRUPT, t.size(), t.path() + ": " + e.getMessage());
                kind = e.kind();
            } catch (RuntimeException e) {
                r = BlobResult.failed(BlobResult.Status.CORRUPT, t.size(), t.path() + ": " + e);
                kind = r.kind();
            }
            if (!r.isOk()) {
                if (r.status() == BlobResult.Status.CORRUPT) {
                    repos.evict(t.repo());
                }
                String status = switch (r.status()) {
                    case TOO_LARGE -> "too_large";
                    case BINARY -> "binary";
                    default -> "error";
                };
                GenericRecord error = problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(),
                        null, t.path(), t.blobId(), "read", kind.value(), r.message()));
                out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), status, null, r.size(), catalogVersion,
                        r.message()));
                out.get(ERRORS).output(error);
                return;
            }
            BYTES_C.inc(r.bytes().length);
            FileResult res;
            try {
                res = extractor.extract(t.path(), r.bytes());
            } catch (ExtractionException e) {
                GenericRecord error = problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(),
                        null, t.path(), t.blobId(), "extract", e.kind(), e.getMessage()));
                out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), e.kind().equals("binary") ? "binary"
                        : "error", null, r.bytes().length, catalogVersion, e.getMessage()));
                out.get(ERRORS).output(error);
                return;
            } catch (RuntimeException e) {
                String msg = t.path() + ": extractor failed: " + e;
                GenericRecord error = problem(ERRORS_C, FAILED_C, Rows.error(runId, t.repoId(), t.repo().name(),
                        null, t.path(), t.blobId(), "extract", "other", msg));
                out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), "error", null, r.bytes().length,
                        catalogVersion, msg));
                out.get(ERRORS).output(error);
                return;
            }
            FileSummary s = res.summary();
            if (s.prefiltered()) {
                PREFILTERED_C.inc();
            } else if (FileKinds.isPython(t.parser())) {
                PARSED_C.inc();
            }
            out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), s.prefiltered() ? "prefiltered" : "ok", s,
                    r.bytes().length, catalogVersion, null));
            for (Usage u : res.usages()) {
                out.get(USAGES).output(Rows.usage(t.blobId(), u));
            }
            for (ConfigFact c : res.configFacts()) {
                out.get(CONFIG).output(Rows.config(t.blobId(), c));
            }
            FACTS_C.inc(res.usages().size() + res.configFacts().size());
            // Recorded but not failures: the facts of the readable parts are there.
            if (s.parseErrors() != null && s.parseErrors() > 0) {
                note(out, runId, t, "syntax", s.parseErrors() + " syntax error node(s); facts extracted from the "
                        + "valid parts");
            }
            if (s.decodeError()) {
                note(out, runId, t, "decode", "undecodable bytes (" + s.encoding() + ") replaced; facts still "
                        + "extracted");
            }
            for (String problem : res.problems()) {
                note(out, runId, t, "config", problem);
            }
        }

        private void note(MultiOutputReceiver out, String runId, BlobTask t, String kind, String message) {
            out.get(ERRORS).output(problem(ERRORS_C, null, Rows.error(runId, t.repoId(), t.repo().name(), null,
                    t.path(), t.blobId(), "extract", kind, message)));
        }
    }

    // ---- stage 5: write ----

    /**
     * Writes each table's rows as Parquet files under the run's staging directory.
     *
     * <p>On the DirectRunner without {@code --shards}, each bundle's rows go straight into one file of their own
     * ({@link WriteBundleFn}): the DirectRunner replaces FileIO's runner-determined sharding by a fixed number of
     * shards, which sends every row through a GroupByKey whose in-memory state it copies (encodes and decodes) on
     * every access — measured: a third of a HEAD scan's CPU and most of its memory. The staging directory is only
     * read after the pipeline has finished, and the DirectRunner does not retry bundles. Other runners use FileIO
     * (temporary files, finalised once).
     */
    static final class WriteTables implements Serializable {
        private final String staging;
        private final String runId;
        private final boolean direct;

        WriteTables(String staging, String runId, boolean direct) {
            this.staging = staging;
            this.runId = runId;
            this.direct = direct;
        }

        void write(PCollection<GenericRecord> rows, String table, int shards) {
            if (direct && shards == 0) {
                rows.apply("Write " + table, ParDo.of(new WriteBundleFn(staging + "/" + table, table, runId)));
                return;
            }
            FileIO.Write<Void, GenericRecord> w = FileIO.<GenericRecord>write()
                    .via(ParquetIO.sink(Tables.schema(table)).withCompressionCodec(ParquetFiles.CODEC))
                    .to(staging + "/" + table)
                    .withPrefix("part-" + runId)
                    .withSuffix(".parquet");
            rows.apply("Write " + table, shards > 0 ? w.withNumShards(shards) : w);
        }
    }

    /** Writes the rows of each bundle into one Parquet file (written under a temporary name, renamed when whole). */
    static final class WriteBundleFn extends DoFn<GenericRecord, Void> {
        private final String dir;
        private final String table;
        private final String runId;
        private transient org.apache.parquet.hadoop.ParquetWriter<GenericRecord> writer;
        private transient Path tmp;
        private transient String[] lastString;
        private transient org.apache.avro.util.Utf8[] lastUtf8;

        WriteBundleFn(String dir, String table, String runId) {
            this.dir = dir;
            this.table = table;
            this.runId = runId;
        }

        @StartBundle
        public void start() {
            writer = null;
        }

        @ProcessElement
        public void process(@Element GenericRecord row) throws IOException {
            if (writer == null) {
                Path d = Path.of(dir);
                java.nio.file.Files.createDirectories(d);
                tmp = d.resolve(".part-" + runId + "-" + java.util.UUID.randomUUID() + ".parquet.tmp");
                writer = ParquetFiles.writer(tmp, Tables.schema(table));
                int n = Tables.schema(table).getFields().size();
                lastString = new String[n];
                lastUtf8 = new org.apache.avro.util.Utf8[n];
            }
            writer.write(utf8(row));
        }

        /**
         * The row with its strings as Avro {@code Utf8}, which parquet-avro writes as they are; a {@code String} goes
         * through a {@code CharsetEncoder} per value (measured: 38 % of the writing). A column whose value is the
         * same string object as in the previous row (repository, commit) is encoded once.
         */
        private GenericRecord utf8(GenericRecord row) {
            GenericData.Record copy = new GenericData.Record(row.getSchema());
            for (int i = 0; i < lastString.length; i++) {
                Object v = row.get(i);
                if (v instanceof String str) {
                    if (lastString[i] != str) {
                        lastString[i] = str;
                        lastUtf8[i] = new org.apache.avro.util.Utf8(str);
                    }
                    v = lastUtf8[i];
                }
                copy.put(i, v);
            }
            return copy;
        }

        @FinishBundle
        public void finish() throws IOException {
            if (writer == null) {
                return;
            }
            writer.close();
            writer = null;
            String name = tmp.getFileName().toString();
            java.nio.file.Files.move(tmp, tmp.resolveSibling(name.substring(1, name.length() - ".tmp".length())),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        @Teardown
        public void teardown() throws IOException {
            if (writer != null) { // a failed bundle: drop its partial file
                writer.close();
                writer = null;
                java.nio.file.Files.deleteIfExists(tmp);
            }
        }
    }
}
