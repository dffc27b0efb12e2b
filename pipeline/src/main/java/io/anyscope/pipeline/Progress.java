package io.anyscope.pipeline;

import org.apache.beam.sdk.PipelineResult;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shows a running scan from its first second: the phase it is in (reading DATA, listing snapshots, listing files,
 * reading blobs) with the counts done of the known totals (repositories of the list, commits planned, distinct blobs
 * to read), MB/s and errors; one line rewritten on a terminal, a plain line every ten seconds otherwise.
 *
 * <p>The stages count into {@link #add} as they work (Beam's counters are read back only when a bundle ends, which on
 * the DirectRunner is the end of a stage). On a runner in another JVM the display falls back to Beam's counters.
 * Problem lines ({@link #show}) go above the rewritten line, each once, never into it.
 */
final class Progress implements AutoCloseable {
    /** Counts of the runs in progress in this JVM, by run id. */
    private static final Map<String, Map<String, LongAdder>> LIVE = new ConcurrentHashMap<>();
    /**
     * The problem lines this JVM printed since the last run started: a note met again (the same file's content in
     * another snapshot, the same message) prints once; its errors row counts the snapshots.
     */
    private static final java.util.Set<String> PRINTED = ConcurrentHashMap.newKeySet();
    /** The display on a terminal, when one runs (its lines are queued and printed above it). */
    private static volatile Progress shown;

    private final String runId;
    private final long repos;
    private final boolean terminal;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile PipelineResult result;
    private volatile boolean closed;
    private long lastPlain;
    private int lastWidth;
    private long widthAt;

    private Progress(String runId, long repos, boolean terminal, PrintStream err) {
        this.runId = runId;
        this.repos = repos;
        this.terminal = terminal;
        this.err = err;
        this.lastPlain = start;
        thread = new Thread(this::loop, "anyscope-progress");
        thread.setDaemon(true);
    }

    /** Starts the display of run {@code runId} over {@code repos} repositories (a no-op one when not enabled). */
    static Progress start(String runId, long repos, boolean enabled) {
        LIVE.put(runId, new ConcurrentHashMap<>());
        PRINTED.clear();
        // anyscope.progress.terminal=true: the terminal display without a terminal (tests read it from stderr).
        boolean terminal = System.console() != null || Boolean.getBoolean("anyscope.progress.terminal");
        Progress p = new Progress(runId, repos, enabled && terminal, System.err);
        if (enabled) {
            if (p.terminal) {
                shown = p;
            }
            p.thread.start();
        }
        return p;
    }

    /** Counts {@code n} into {@code counter} of run {@code runId} (when the run is displayed in this JVM). */
    static void add(String runId, String counter, long n) {
        Map<String, LongAdder> c = runId == null ? null : LIVE.get(runId);
        if (c != null) {
            c.computeIfAbsent(counter, k -> new LongAdder()).add(n);
        }
    }

    /** Prints a problem's line, once per run: above the display on a terminal, or directly. */
    static void show(String line) {
        if (!PRINTED.add(line)) {
            return;
        }
        Progress p = shown;
        if (p != null && !p.closed) {
            p.lines.add(line);
        } else {
            System.err.println(line);
            System.err.flush();
        }
    }

    /** The pipeline now runs: its counters are the fallback where the stages run in another JVM. */
    void follow(PipelineResult r) {
        this.result = r;
    }

    /** The run's counts so far: this JVM's where the stages count here, else Beam's committed or attempted ones. */
    Map<String, Long> counts() {
        Map<String, Long> out = ScanMetrics.zeros();
        Map<String, LongAdder> live = LIVE.getOrDefault(runId, Map.of());
        live.forEach((k, v) -> out.put(k, v.sum()));
        PipelineResult r = result;
        if (live.isEmpty() && r != null) {
            try {
                out.putAll(ScanMetrics.of(r));
            } catch (RuntimeException e) {
                // some runners do not report counters while running
            }
        }
        return out;
    }

    /** The display line of {@code c} after {@code secs}: the phase, its count of its total, rate and errors. */
    static String line(Map<String, Long> c, long repos, double secs, boolean running) {
        long listedRepos = c.getOrDefault("repos_listed", 0L);
        long toList = c.getOrDefault("commits_to_list", 0L);
        long listed = c.getOrDefault("commits_listed", 0L);
        long toRead = c.getOrDefault("blobs_to_read", 0L);
        long read = c.getOrDefault("distinct_blobs", 0L);
        StringBuilder b = new StringBuilder(String.format("scan %d:%02d ", (long) secs / 60, (long) secs % 60));
        if (!running) {
            b.append("reading the data set");
        } else if (listedRepos < repos) {
            b.append(String.format("listing snapshots: repositories %d/%d, snapshots %,d", listedRepos, repos,
                    c.getOrDefault("snapshots", 0L)));
        } else if (listed < toList || toRead == 0 && read == 0) {
            b.append(String.format("listing files: commits %,d/%,d, files %,d", listed, toList,
                    c.getOrDefault("files", 0L)));
        } else {
            b.append(String.format("blobs %,d/%,d (%d%%), %.1f MB/s", read, Math.max(toRead, read),
                    100 * read / Math.max(1, Math.max(toRead, read)), c.get("bytes") / 1e6 / Math.max(secs, 0.001)));
        }
        long errors = c.getOrDefault("errors", 0L);
        if (errors > 0) {
            b.append(String.format(", errors %,d", errors));
        }
        return b.toString();
    }

    private void loop() {
        while (!closed) {
            render(false);
            try {
                Thread.sleep(terminal ? 250 : 1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void render(boolean last) {
        double secs = (System.nanoTime() - start) / 1e9;
        String text = line(counts(), repos, secs, result != null);
        if (terminal) {
            StringBuilder out = new StringBuilder("\r\033[K");
            for (String l = lines.poll(); l != null; l = lines.poll()) {
                out.append(l).append('\n');
            }
            int width = width();
            out.append(text.length() >= width ? text.substring(0, Math.max(0, width - 1)) : text);
            if (last) { // the final counts drawn once more, then the line cleared for the run's summary
                out.append("\r\033[K");
            }
            err.print(out);
            err.flush();
        } else if (!last && System.nanoTime() - lastPlain > 10_000_000_000L) {
            lastPlain = System.nanoTime();
            err.println("anyscope: " + text);
            err.flush();
        }
    }

    /** The terminal's columns ({@code COLUMNS}, else {@code stty}'s once a while, else 80). */
    private int width() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d+")) {
            return Integer.parseInt(env);
        }
        if (lastWidth == 0 || System.nanoTime() - widthAt > 2_000_000_000L) {
            widthAt = System.nanoTime();
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(
                        new java.io.File("/dev/tty"))).redirectErrorStream(true).start();
                String[] s = new String(p.getInputStream().readAllBytes()).trim().split("\\s+");
                p.waitFor();
                lastWidth = s.length == 2 && s[1].matches("\\d+") ? Integer.parseInt(s[1]) : 80;
            } catch (java.io.IOException | InterruptedException | RuntimeException e) {
                lastWidth = 80;
            }
        }
        return lastWidth > 0 ? lastWidth : 80;
    }

    /** Ends the display: the problem lines still queued printed, the final counts drawn, the line cleared. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal) {
            render(true);
        }
        if (shown == this) {
            shown = null;
        }
        LIVE.remove(runId);
    }
}
