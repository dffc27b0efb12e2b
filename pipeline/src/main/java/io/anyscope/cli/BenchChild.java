package io.anyscope.cli;

/**
 * The main class of {@code bench scan}'s child processes: {@link Main} with a shutdown hook that prints this
 * process's peak memory, CPU time and tree-sitter build on stderr at exit ({@link BenchScanCommand#printChildStats}).
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(BenchScanCommand::printChildStats));
        Main.main(args);
    }
}
