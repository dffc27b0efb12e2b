package io.anyscope.cli.options;

import picocli.CommandLine.Option;

/** Picocli mixin: how many worker threads a command uses ({@code --threads}, one per core unless given). */
public final class ThreadsOption {
    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (default: one per core).")
    int threads;

    /** The threads to start: the value given, or one per core when it is 0 or less. */
    public int count() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
