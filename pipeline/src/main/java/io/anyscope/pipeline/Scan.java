package io.anyscope.pipeline;

import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.PathClasses;
import io.anyscope.data.Tables;
import io.anyscope.git.Redactor;
import io.anyscope.git.RepoSpec;
import io.anyscope.util.Trees;
import io.anyscope.util.Version;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Runs a scan end to end: plan from what DATA already holds, run the pipeline, record the run, commit. */
public final class Scan {
    /** Bumped whenever the extractor's output changes for the same input: blobs are then extracted again. */
    public static final String EXTRACTOR_VERSION = "9";

    /**
     * Says, once, that blobs of earlier snapshots are extracted again (the catalog or extractor version changed);
     * blobs of repositories not in this run cannot be read now: those have no facts until they are scanned again.
     */
    private static void noteReextraction(DataSet.Known known, List<RepoSpec> repos, PrintWriter err) {
        if (known.reextract().isEmpty()) {
            return;
        }
        Set<String> scanned = new LinkedHashSet<>();
        repos.forEach(r -> scanned.add(r.repoId()));
        Set<String> others = new java.util.TreeSet<>();
        long blobs = 0;
        for (DataSet.KnownBlob b : known.reextract()) {
            if (scanned.contains(b.repoId())) {
                blobs++;
            } else {
                others.add(b.repoId());
            }
        }
        err.println("anyscope scan: " + blobs + " blob(s) of earlier snapshots have no facts for this catalog and "
                + "extractor (written by another version): extracting them"
                + (others.isEmpty() ? "" : others.size() == 1
                ? "; 1 repository not in this run keeps its snapshots but has no facts until it is scanned again"
                : "; " + others.size() + " repositories not in this run keep their snapshots but have no facts until "
                + "they are scanned again"));
        err.flush();
    }

    /**
     * What a run did. The counter {@code failed_inputs} counts inputs whose data is missing (not syntax or decode
     * notes); {@code errorRows}: the rows of the new generation's errors table (a note met in many snapshots is one);
     * {@code marts}: what became of the materialised marts (built, linked from the generation before, off).
     */
    public record Outcome(String runId, Map<String, Long> counters, Path generation, long errorRows, Duration took,
                          String runner, StageCpu.Breakdown cpu, String marts) {
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
        // The generated-code markers (path_classes.yaml) decide blobs.generated_header and the mistake rules decide
        // findings: a changed list or rule re-extracts.
        return c.version() + "/x" + EXTRACTOR_VERSION + "/g" + PathClasses.loadDefault().markersFingerprint()
                + "/r" + io.anyscope.catalog.MistakeRules.loadDefault().version();
    }

    /**
     * Scans {@code listed} (default names several share made distinct: {@link RepoSpec#withDistinctNames}) into the
     * data set {@code out} with the settings {@code o} ({@link ScanOptions#create}, or Beam's options through
     * {@link ScanOptions#withArgs}); sets the run's id and staging directory on them.
     */
    public static Outcome run(List<RepoSpec> listed, Path out, ScanOptions o, PrintWriter err) throws IOException {
        List<RepoSpec> repos = RepoSpec.withDistinctNames(listed);
        Instant started = Instant.now();
        long driverCpu = StageCpu.now();
        Map<String, Long> stageCpu = new java.util.HashMap<>();
        Catalog catalog = Catalog.loadDefault();
        String runId = newRunId();
        String ev = extractionVersion(catalog);
        Logs.init();
        try (Progress progress = Progress.start(runId, repos.size(), o.getProgress());
             DataSet ds = new DataSet(out); Logs.Sink log = Logs.toFile(runLog(out, runId))) {
            ds.lock();
            ds.cleanup();
            ds.verify();
            DataSet.Known known = ds.known(ev, o.getMaxFileBytes());
            Path staging = ds.staging(runId);
            o.setRunId(runId);
            o.setStagingDir(staging.toString());

            // Nothing new to list (every repository local, every snapshot commit listed before): the rows are decided
            // in the driver, without starting a pipeline (whose start-up is most of an unchanged re-run's time). With
            // no Beam arguments the runner is the DirectRunner and Beam's options are not even built.
            String runner = PlainOptions.isPlain(o) ? "DirectRunner" : o.getRunner().getSimpleName();
            // Blobs of this run's repositories to extract again (the extraction version changed) or to read again
            // (their reading failed, for a reason a re-read can change) need the pipeline.
            Planner.Planned planned = runner.equals("DirectRunner") && ScanPipeline.reextract(repos, known).isEmpty()
                    ? Planner.planUnchanged(o, repos, known) : null;
            noteReextraction(known, repos, err);

            Pipeline p = null;
            if (planned == null) {
                o = forPipeline(o, runId);
                p = Pipeline.create(o);
                ScanPipeline.build(p, o, repos, known);
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
                    ds.closeQueries();
                    driverCpu = addTo(stageCpu, "driver_plan", driverCpu);
                    result = p.run();
                    progress.follow(result);
                    PipelineResult.State state = result.waitUntilFinish();
                    progress.close();
                    if (state != PipelineResult.State.DONE) {
                        throw new IOException("the pipeline ended in state " + state + "; " + out
                                + " is unchanged");
                    }
                    counters = ScanMetrics.of(result);
                    StageCpu.of(result).forEach((k, v) -> stageCpu.merge(k, v, Long::sum));
                    driverCpu = StageCpu.now();
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanupOnInterrupt);
            }
            counters = reportStanding(ds.notReadAgain(runId), counters);
            Instant finished = Instant.now();
            GenericRecord run = new GenericData.Record(Tables.schema(Tables.RUNS));
            run.put("run_id", runId);
            run.put("anyscope_version", Version.current());
            run.put("catalog_version", catalog.version());
            run.put("arguments", Redactor.redact(o.getArguments()));
            run.put("runner", runner);
            run.put("started_at", started.toEpochMilli());
            run.put("finished_at", finished.toEpochMilli());
            run.put("status", counters.getOrDefault("failed_inputs", 0L) > 0 ? "partial" : "ok");
            for (String c : ScanMetrics.COUNTERS) {
                if (run.getSchema().getField(c) != null) {
                    run.put(c, counters.getOrDefault(c, 0L));
                }
            }
            ParquetFiles.write(staging.resolve(Tables.RUNS).resolve("part-" + runId + ".parquet"),
                    Tables.schema(Tables.RUNS), List.of(run));
            Set<String> scanned = new LinkedHashSet<>();
            repos.forEach(r -> scanned.add(r.repoId()));
            DataSet.Committed committed = ds.commit(runId, ev, catalog.version(), scanned);
            addTo(stageCpu, planned != null ? "driver_plan" : "driver_commit", driverCpu);
            ds.closeQueries();
            String marts = "not built (--no-marts): the first report builds them";
            if (o.getMarts()) {
                // the process's CPU, not the thread's: DuckDB builds the marts on threads of its own
                long processCpu = StageCpu.processNanos();
                // The pipeline's garbage is collected and the heap given back (G1 shrinks it after a full
                // collection) before DuckDB takes its build memory: otherwise the two add up in the scan's peak RSS
                // (bench scan's weekly phase: 904 MB before the scan built marts, 1,397-1,492 MB with them without
                // this, 812 MB with it).
                System.gc();
                marts = marts(out, committed, err);
                if (processCpu >= 0) {
                    stageCpu.merge("driver_marts", StageCpu.processNanos() - processCpu, Long::sum);
                }
            }
            return new Outcome(runId, counters, committed.generation(), committed.errorRows(),
                    Duration.between(started, Instant.now()), runner, StageCpu.breakdown(stageCpu), marts);
        }
    }

    /**
     * The marts of the committed generation, ready for the reports (Warehouse#prepareMarts): linked from the one
     * before when the data is the same, else built. A failure leaves the scan as it is (the first report builds
     * them) and is said on stderr.
     */
    private static String marts(Path out, DataSet.Committed committed, PrintWriter err) {
        try {
            return Warehouse.prepareMarts(out, committed.generation().getFileName().toString(),
                    committed.sameDataAs()).toString();
        } catch (WarehouseException | IOException | RuntimeException e) {
            err.println("anyscope scan: the marts for the reports were not built ("
                    + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""))
                    + "); the first report builds them");
            err.flush();
            return "not built";
        }
    }

    /** Adds this thread's CPU time since {@code since} to {@code stage} of {@code cpu}; returns now. */
    private static long addTo(Map<String, Long> cpu, String stage, long since) {
        long now = StageCpu.now();
        if (since >= 0 && now >= since) {
            cpu.merge(stage, now - since, Long::sum);
        }
        return now;
    }

    /**
     * Reports again the failures of the repositories the run read that it did not read again (a binary blob, a blob
     * still over the size cap: {@link DataSet#notReadAgain}): they still stand, so each is a stderr line and a
     * failed input of this run, as when it was found.
     */
    private static Map<String, Long> reportStanding(List<GenericRecord> standing, Map<String, Long> counters) {
        if (standing.isEmpty()) {
            return counters;
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>(counters);
        for (GenericRecord r : standing) {
            System.err.println(Problem.line(String.valueOf(r.get("repo")),
                    r.get("path") == null ? null : String.valueOf(r.get("path")), String.valueOf(r.get("message"))));
            out.merge("errors", 1L, Long::sum);
            out.merge("failed_inputs", 1L, Long::sum);
        }
        System.err.flush();
        return out;
    }

    /** Where a run's log goes (libraries' records, for support): {@code DATA/logs/<run-id>.log}. */
    public static Path runLog(Path out, String runId) {
        return out.resolve("logs").resolve(runId + ".log");
    }

    /** The options as Beam's, named after the run, with the DirectRunner's test aids off. */
    private static ScanOptions forPipeline(ScanOptions settings, String runId) {
        ScanOptions o = ScanOptions.asBeam(settings);
        o.setJobName("anyscope-" + runId.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
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
}
