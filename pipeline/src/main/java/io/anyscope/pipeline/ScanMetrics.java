package io.anyscope.pipeline;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scan's counters: their names, how stages count them (Beam metrics), and how a run's totals are read back. */
public final class ScanMetrics {
    /** Counter names, printed at the end of a run and stored in the runs table. */
    public static final String NS = "anyscope";
    public static final List<String> COUNTERS = List.of("repos", "snapshots", "new_snapshots", "files",
            "change_commits", "changes", "distinct_blobs", "parsed_blobs", "prefiltered_blobs", "bytes", "facts",
            "errors", "failed_inputs");

    /** Where a count goes: Beam metrics in a pipeline ({@link #METRICS}), a map when the driver plans alone. */
    interface Tally {
        void inc(String counter);

        /** Shows a problem's stderr line ({@link Problem#report}): on the process's stderr, where workers print; the
         * driver's planning holds them until it knows it writes the rows. */
        default void show(String line) {
            Progress.show(line);
        }
    }

    /** Counts into the pipeline's metrics and run {@code runId}'s progress display. */
    static Tally metrics(String runId) {
        return name -> inc(counter(name), runId, name, 1);
    }

    /** Counts {@code n} into Beam's {@code counter} and into the progress display's {@code name} of the run. */
    static void inc(Counter counter, String runId, String name, long n) {
        counter.inc(n);
        Progress.add(runId, name, n);
    }

    private ScanMetrics() {
    }

    static Counter counter(String name) {
        return Metrics.counter(NS, name);
    }

    /** Every counter at zero, in {@link #COUNTERS} order. */
    static Map<String, Long> zeros() {
        Map<String, Long> out = new LinkedHashMap<>();
        COUNTERS.forEach(c -> out.put(c, 0L));
        return out;
    }

    /** The counters of a finished pipeline (committed values where the runner has them). */
    static Map<String, Long> of(PipelineResult result) {
        Map<String, Long> out = zeros();
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
}
