package io.anyscope.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

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

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(BenchScanCommand::printChildStats));
        Main.main(args);
    }
}
