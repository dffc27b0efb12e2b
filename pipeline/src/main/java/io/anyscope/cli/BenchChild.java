package io.anyscope.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The main class of {@code bench scan}'s child processes: {@link Main} with a shutdown hook that prints this
 * process's peak memory, CPU time and tree-sitter build on stderr at exit ({@link BenchScanCommand#printChildStats}).
 */
public final class BenchChild {
    private BenchChild() {
    }

    /**
     * The JVM options of a child: this JVM's own (e.g. the launcher's {@code -Xmx4g}), plus {@code extra}
     * (space-separated; an {@code -Xmx} there replaces this JVM's).
     */
    static List<String> javaOpts(String extra) {
        List<String> own = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (extra != null && !extra.isBlank()) {
            List<String> more = List.of(extra.trim().split("\\s+"));
            if (more.stream().anyMatch(a -> a.startsWith("-Xmx"))) {
                own.removeIf(a -> a.startsWith("-Xmx"));
            }
            own.addAll(more);
        }
        return own;
    }

    /** A finished child: wall time (JVM start included), peak RSS, CPU time (-1 when it printed none), exit code. */
    record Result(double wallS, long peakKb, long cpuMs, int exit) {
    }

    /**
     * The command of a child: this JVM's java and class path, {@link BenchChild}, then {@code args}; JVM options as
     * {@link #javaOpts}.
     */
    static List<String> command(String extraJavaOpts, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaOpts(extraJavaOpts));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs a child command to its end, its output into {@code stdout} and {@code stderr}; its peak RSS is the larger
     * of /proc polled every {@code pollMs} and what its exit hook printed, CPU time what the hook printed.
     */
    static Result run(List<String> cmd, Path stdout, Path stderr, long pollMs) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        long polled = 0;
        while (!p.waitFor(pollMs, TimeUnit.MILLISECONDS)) {
            polled = Math.max(polled, BenchScanCommand.hwmKb(Path.of("/proc", Long.toString(p.pid()), "status")));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long peak = polled;
        long cpu = -1;
        for (String line : Files.readAllLines(stderr)) {
            if (line.startsWith(BenchScanCommand.STATS_PREFIX)) {
                for (String kv : line.substring(BenchScanCommand.STATS_PREFIX.length()).trim().split("\\s+")) {
                    String[] f = kv.split("=", 2);
                    if (f[0].equals("peak_rss_kb")) {
                        peak = Math.max(peak, Long.parseLong(f[1]));
                    } else if (f[0].equals("cpu_ms")) {
                        cpu = Long.parseLong(f[1]);
                    }
                }
            }
        }
        return new Result(wall, peak, cpu, p.exitValue());
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(BenchScanCommand::printChildStats));
        Main.main(args);
    }
}
