package io.anyscope.pipeline;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.sdk.PipelineResult;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * Shows a running scan: a live bar on a terminal (repositories, snapshots, blobs done of files listed, MB/s, ETA),
 * a plain line every ten seconds otherwise. Reads the pipeline's own counters while it runs.
 */
final class Progress {
    private Progress() {
    }

    static void track(PipelineResult result, boolean enabled, PrintWriter err) {
        if (!enabled || result.getState().isTerminal()) {
            return;
        }
        boolean terminal = System.console() != null;
        long start = System.nanoTime();
        long lastLine = start;
        ProgressBar bar = terminal ? new ProgressBarBuilder()
                .setTaskName("scan")
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" blobs", 1)
                .showSpeed()
                .build() : null;
        try {
            while (!result.getState().isTerminal()) {
                try {
                    result.waitUntilFinish(org.joda.time.Duration.millis(500));
                } catch (RuntimeException e) {
                    return; // the caller's waitUntilFinish reports it
                }
                Map<String, Long> c;
                try {
                    c = ScanMetrics.of(result);
                } catch (RuntimeException e) {
                    continue; // some runners do not report counters while running
                }
                double secs = (System.nanoTime() - start) / 1e9;
                double mbps = c.get("bytes") / 1e6 / Math.max(secs, 0.001);
                String msg = String.format("repos %d · snapshots %d · files %d · %.1f MB/s · errors %d",
                        c.get("repos"), c.get("snapshots"), c.get("files"), mbps, c.get("errors"));
                if (bar != null) {
                    bar.maxHint(Math.max(c.get("files"), c.get("distinct_blobs")));
                    bar.stepTo(c.get("distinct_blobs"));
                    bar.setExtraMessage(" · " + msg);
                } else if (System.nanoTime() - lastLine > Duration.ofSeconds(10).toNanos()) {
                    lastLine = System.nanoTime();
                    err.printf("anyscope: %.0fs: blobs %d · %s%n", secs, c.get("distinct_blobs"), msg);
                    err.flush();
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
