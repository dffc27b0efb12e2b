package io.anyscope.pipeline;

import io.anyscope.catalog.Catalog;
import io.anyscope.data.Tables;
import io.anyscope.extract.Extractor;
import io.anyscope.git.History;
import io.anyscope.git.Redactor;
import io.anyscope.git.RepoSpec;
import io.anyscope.util.Trees;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Runs a scan end to end: plan from what DATA already holds, run the pipeline, record the run, commit. */
public final class Scan {
    /** Bumped whenever the extractor's output changes for the same input: blobs are then extracted again. */
    public static final String EXTRACTOR_VERSION = "1";

    /**
     * What to scan and how. {@code beamArgs} are passed to Beam ({@code --runner=FlinkRunner}, ...); a {@code null}
     * history is {@link History.Mode#HEAD}. {@code sshDir}: keys, known_hosts and config for ssh URLs; {@code null}
     * for the user's {@code ~/.ssh}. {@code churnWeeks}: with a head scan, the weeks of commits the changes table
     * lists.
     */
    public record Request(List<RepoSpec> repos, Path out, History.Mode history, String since, String until,
                          String branch, Path cache, Path sshDir, long maxFileBytes, List<String> beamArgs,
                          boolean progress, String arguments, int churnWeeks) {
        public Request {
            history = history == null ? History.Mode.HEAD : history;
        }

        /** The user's {@code ~/.ssh} and the default churn window ({@link ScanPipeline#DEFAULT_CHURN_WEEKS}). */
        public Request(List<RepoSpec> repos, Path out, History.Mode history, String since, String until,
                       String branch, Path cache, long maxFileBytes, List<String> beamArgs, boolean progress,
                       String arguments) {
            this(repos, out, history, since, until, branch, cache, null, maxFileBytes, beamArgs, progress, arguments,
                    ScanPipeline.DEFAULT_CHURN_WEEKS);
        }

        /** The user's {@code ~/.ssh}. */
        public Request(List<RepoSpec> repos, Path out, History.Mode history, String since, String until,
                       String branch, Path cache, long maxFileBytes, List<String> beamArgs, boolean progress,
                       String arguments, int churnWeeks) {
            this(repos, out, history, since, until, branch, cache, null, maxFileBytes, beamArgs, progress, arguments,
                    churnWeeks);
        }
    }

    /** What a run did. {@code failedInputs} counts inputs whose data is missing (not syntax or decode notes). */
    public record Outcome(String runId, Map<String, Long> counters, Path generation, Duration took, String runner) {
        public long get(String counter) {
            return counters.getOrDefault(counter, 0L);
        }

        public boolean partial() {
            return get("failed_inputs") > 0;
        }
    }

    private Scan() {
    }

    public static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public static String extractionVersion(Catalog c) {
        return c.version() + "/x" + EXTRACTOR_VERSION;
    }

    public static Outcome run(Request req, PrintWriter err) throws IOException {
        Instant started = Instant.now();
        Catalog catalog = Catalog.loadDefault();
        String runId = newRunId();
        String ev = extractionVersion(catalog);
        try (DataSet ds = new DataSet(req.out())) {
            ds.lock();
            ds.cleanup();
            DataSet.Known known = ds.known(ev);
            Path staging = ds.staging(runId);

            // Nothing new to list (every repository local, every snapshot commit listed before): the rows are decided
            // in the driver, without starting a pipeline (whose start-up is most of an unchanged re-run's time). With
            // no Beam arguments the runner is the DirectRunner and the options are not even built.
            ScanPipeline.Options o = req.beamArgs().isEmpty() ? null : options(req, runId, staging);
            String runner = o == null ? "DirectRunner" : o.getRunner().getSimpleName();
            boolean direct = runner.equals("DirectRunner");
            ScanPipeline.Planned planned = !direct ? null : ScanPipeline.planUnchanged(o != null
                    ? ScanPipeline.PlanParams.of(o) : new ScanPipeline.PlanParams(runId, req.history(), req.since(),
                    req.until(), req.branch(), req.cache().toAbsolutePath().toString(),
                    ScanPipeline.DEFAULT_GIT_TIMEOUT_SECONDS, sshDir(req), req.churnWeeks(), 1), req.repos(), known);

            Pipeline p = null;
            if (planned == null) {
                if (o == null) {
                    o = options(req, runId, staging);
                }
                p = Pipeline.create(o);
                ScanPipeline.build(p, o, req.repos(), known);
            }

            Thread cleanupOnInterrupt = new Thread(() -> {
                try {
                    Trees.delete(staging);
                } catch (IOException ignored) {
                    // The next run removes leftovers.
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanupOnInterrupt);
            PipelineResult result;
            Map<String, Long> counters;
            try {
                if (planned != null) {
                    for (Map.Entry<String, List<GenericRecord>> t : planned.rows().entrySet()) {
                        ParquetFiles.write(staging.resolve(t.getKey()).resolve("part-" + runId + "-driver.parquet"),
                                Tables.schema(t.getKey()), t.getValue());
                    }
                    counters = planned.counters();
                } else {
                    result = p.run();
                    Progress.track(result, req.progress(), err);
                    PipelineResult.State state = result.waitUntilFinish();
                    if (state != PipelineResult.State.DONE) {
                        throw new IOException("the pipeline ended in state " + state + "; " + req.out()
                                + " is unchanged");
                    }
                    counters = counters(result);
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanupOnInterrupt);
            }
            Instant finished = Instant.now();
            GenericRecord run = new GenericData.Record(Tables.schema(Tables.RUNS));
            run.put("run_id", runId);
            run.put("anyscope_version", version());
            run.put("catalog_version", catalog.version());
            run.put("arguments", Redactor.redact(req.arguments()));
            run.put("runner", runner);
            run.put("started_at", started.toEpochMilli());
            run.put("finished_at", finished.toEpochMilli());
            run.put("status", counters.getOrDefault("failed_inputs", 0L) > 0 ? "partial" : "ok");
            for (String c : ScanPipeline.COUNTERS) {
                if (run.getSchema().getField(c) != null) {
                    run.put(c, counters.getOrDefault(c, 0L));
                }
            }
            ParquetFiles.write(staging.resolve(Tables.RUNS).resolve("part-" + runId + ".parquet"),
                    Tables.schema(Tables.RUNS), List.of(run));
            Set<String> scanned = new LinkedHashSet<>();
            req.repos().forEach(r -> scanned.add(r.repoId()));
            Path gen = ds.commit(runId, ev, catalog.version(), scanned);
            return new Outcome(runId, counters, gen, Duration.between(started, Instant.now()), runner);
        }
    }

    private static ScanPipeline.Options options(Request req, String runId, Path staging) {
        ScanPipeline.Options o = PipelineOptionsFactory.fromArgs(req.beamArgs().toArray(new String[0]))
                .withValidation().as(ScanPipeline.Options.class);
        o.setJobName("anyscope-" + runId.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        o.setHistory(req.history());
        o.setSince(req.since());
        o.setUntil(req.until());
        o.setBranch(req.branch());
        o.setCache(req.cache().toAbsolutePath().toString());
        if (req.sshDir() != null) {
            o.setSshDir(sshDir(req));
        }
        o.setMaxFileBytes(req.maxFileBytes());
        o.setChurnWeeks(req.churnWeeks());
        o.setRunId(runId);
        o.setStagingDir(staging.toString());
        if (o.getRunner().getSimpleName().equals("DirectRunner")) {
            DirectOptions d = o.as(DirectOptions.class);
            // Measured: the immutability and encodability checks cost 5-6x; they are test aids.
            d.setEnforceImmutability(false);
            d.setEnforceEncodability(false);
            d.setTargetParallelism(Runtime.getRuntime().availableProcessors());
            d.setBlockOnRun(false);
        }
        return o;
    }

    private static String sshDir(Request req) {
        return req.sshDir() == null ? null : req.sshDir().toAbsolutePath().normalize().toString();
    }

    static Map<String, Long> counters(PipelineResult result) {
        Map<String, Long> out = new LinkedHashMap<>();
        ScanPipeline.COUNTERS.forEach(c -> out.put(c, 0L));
        MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(ScanPipeline.NS)).build());
        for (MetricResult<Long> c : q.getCounters()) {
            Long v;
            try {
                v = c.getCommitted();
            } catch (UnsupportedOperationException e) {
                v = c.getAttempted();
            }
            out.merge(c.getName().getName(), v == null ? 0L : v, Long::sum);
        }
        return out;
    }

    static String version() {
        String v = Scan.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The default place for clones of repositories given by URL. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("anyscope").resolve("repos");
    }

    /** Extractor size cap default, for the command line. */
    public static long defaultMaxBytes() {
        return Extractor.DEFAULT_MAX_BYTES;
    }
}
