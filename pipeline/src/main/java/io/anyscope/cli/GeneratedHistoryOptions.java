package io.anyscope.cli;

import io.anyscope.bench.BenchRepos;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Picocli mixin of the bench commands that generate a history repository ({@code bench scan}, {@code bench check}):
 * its shape ({@code --commits}, {@code --history-files}, {@code --mean-bytes}, {@code --async-share}, {@code --seed})
 * and where it is kept, so that both commands generate, and reuse, the same repository.
 */
public final class GeneratedHistoryOptions {
    @Option(names = "--commits", defaultValue = "2000", description = "First-parent commits of the generated history (default: ${DEFAULT-VALUE}).")
    int commits;

    @Option(names = "--history-files", defaultValue = "9000", description = "About this many files at the tip of the generated history (default: ${DEFAULT-VALUE}).")
    int historyFiles;

    @Option(names = "--mean-bytes", defaultValue = "23000", description = "Mean generated file size (default: ${DEFAULT-VALUE}).")
    int meanBytes;

    @Option(names = "--async-share", defaultValue = "0.2", description = "Share of generated files using an async library (default: ${DEFAULT-VALUE}).")
    double asyncShare;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Where the repository of this shape is kept under {@code work}: one per shape, generated once. */
    Path repoUnder(Path work) {
        return work.resolve("history-" + commits + "-" + historyFiles + "-" + meanBytes + "-" + seed + ".git");
    }

    /** Generates the repository of this shape into {@code repo} (or reuses it) and says what it holds. */
    BenchRepos.HistoryShape generate(Path repo, PrintWriter out) throws IOException {
        return BenchRepos.historyRepo(repo, commits, historyFiles, meanBytes, asyncShare, seed, out);
    }
}
