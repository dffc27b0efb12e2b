package io.anyscope.pipeline;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a scan's CPU goes: each stage adds the CPU time of the thread that runs its work (nanoseconds, {@link
 * ThreadMXBean#getCurrentThreadCpuTime}) to a Beam counter of its own, so the figures are summed over workers on
 * every runner. What no stage accounts for is the runner's own work (coders, bundles, queues, grouping), JIT
 * compilation, garbage collection and JVM start; {@link Breakdown} shows it as the rest of the process's CPU time.
 *
 * <p>On a runner that fuses stages (Flink, Spark), a stage's outputs may run inline in its time; the DirectRunner
 * buffers them, so there the stages do not overlap.
 */
public final class StageCpu {
    /** The counters' namespace (not {@link ScanMetrics#NS}: these are not stored in the runs table). */
    public static final String NS = "anyscope.cpu";

    /** A stage: its counter's name and what it covers, in pipeline order. */
    public record Stage(String id, String what) {
    }

    public static final List<Stage> STAGES = List.of(
            new Stage("driver_plan", "driver: open DATA, read what earlier runs know, build the pipeline"),
            new Stage("list_snapshots", "list each repository's snapshots and plan the commits"),
            new Stage("list_files", "list the files of each new snapshot commit (tree walks)"),
            new Stage("list_changes", "compare commits with their first parent (changes table)"),
            new Stage("distinct_blobs", "one task per distinct blob"),
            new Stage("read_blobs", "read blob bytes from the object database"),
            new Stage("extract_prefiltered", "blobs the prefilter skips (no async library named but as an attribute)"),
            new Stage("extract_parsed", "parse with tree-sitter and extract facts and findings"),
            new Stage("fact_rows", "build the usages, config and findings rows"),
            new Stage("write_parquet", "write the tables' Parquet files"),
            new Stage("driver_commit", "driver: write the runs row and commit the generation"),
            new Stage("driver_marts", "driver: build the reports' marts, DuckDB's threads included (or link them)"));

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StageCpu() {
    }

    /** The current thread's CPU time in nanoseconds, or -1 when the JVM cannot tell. */
    public static long now() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    static Counter counter(String stage) {
        return Metrics.counter(NS, stage);
    }

    /** Adds the current thread's CPU time since {@code since} ({@link #now}) to {@code stage}; returns now. */
    static long add(Counter stage, long since) {
        long t = now();
        if (since >= 0 && t >= since) {
            stage.inc(t - since);
        }
        return t;
    }

    /** The stages' nanoseconds of a finished pipeline (attempted values: committed ones may be absent). */
    static Map<String, Long> of(PipelineResult result) {
        Map<String, Long> out = new LinkedHashMap<>();
        MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(NS)).build());
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

    /** This process's CPU time (user + system, all threads) in nanoseconds, or -1. */
    public static long processNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * A run's CPU accounting: nanoseconds per stage (in {@link #STAGES} order), the process's CPU time when the run
     * ended (it includes JVM start and, in the same JVM, earlier work), and the CPU time of the JIT compiler and
     * garbage collector threads ({@link #vmThreadNanos}; -1 where unknown).
     */
    public record Breakdown(Map<String, Long> stageNanos, long processNanos, long gcNanos, long jitNanos) {
        public long stagesNanos() {
            return stageNanos.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The lines {@code scan --verbose} and {@code bench scan} print, each starting with {@code prefix}. */
        public List<String> lines(String prefix) {
            List<String> out = new java.util.ArrayList<>();
            double total = processNanos > 0 ? processNanos / 1e9 : stagesNanos() / 1e9;
            out.add(String.format("%sCPU by stage (seconds on all threads; %% of the process's %.1f CPU-s):", prefix,
                    total));
            for (Stage s : STAGES) {
                long n = stageNanos.getOrDefault(s.id(), 0L);
                out.add(String.format("%s  %-20s %7.2f %5.1f%%  %s", prefix, s.id(), n / 1e9,
                        total > 0 ? 100 * n / 1e9 / total : 0, s.what()));
            }
            if (processNanos > 0) {
                double rest = (processNanos - stagesNanos()) / 1e9;
                if (jitNanos >= 0 && gcNanos >= 0) {
                    out.add(String.format("%s  %-20s %7.2f %5.1f%%  JIT compiler threads", prefix, "jit",
                            jitNanos / 1e9, 100 * jitNanos / 1e9 / total));
                    out.add(String.format("%s  %-20s %7.2f %5.1f%%  garbage collector threads", prefix, "gc",
                            gcNanos / 1e9, 100 * gcNanos / 1e9 / total));
                    rest -= (jitNanos + gcNanos) / 1e9;
                }
                out.add(String.format("%s  %-20s %7.2f %5.1f%%  JVM start, class loading, the runner's coders, "
                        + "bundles and grouping, progress", prefix, "other", rest, 100 * rest / total));
            }
            return out;
        }
    }

    /** The breakdown of a run whose stages counted {@code stageNanos}, taken now. */
    static Breakdown breakdown(Map<String, Long> stageNanos) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (Stage s : STAGES) {
            ordered.put(s.id(), stageNanos.getOrDefault(s.id(), 0L));
        }
        long[] vm = vmThreadNanos(Path.of("/proc/self/task"));
        return new Breakdown(ordered, processNanos(), vm[1], vm[0]);
    }

    /**
     * The CPU time of the JVM's own threads, which no Java API reports: {JIT compiler threads, garbage collector
     * threads} in nanoseconds, from Linux's per-thread {@code /proc/self/task/TID/stat} (named "C1/C2 CompilerThre",
     * "GC Thread#N", "G1 ..."); {-1, -1} elsewhere.
     */
    static long[] vmThreadNanos(Path tasks) {
        long jit = 0;
        long gc = 0;
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                // after the name: state(0) ... utime(11) stime(12), in clock ticks (USER_HZ, 100 on Linux)
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                long nanos = ticks * 10_000_000L;
                if (name.contains("CompilerThre")) {
                    jit += nanos;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += nanos;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {jit, gc};
    }
}
