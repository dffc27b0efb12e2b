package io.anyscope.cli;

import io.anyscope.bench.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Picocli mixin: the size and mix of a generated benchmark corpus ({@code --files}, {@code --mean-bytes}, {@code --async-share}). */
public final class CorpusOptions {
    @Option(names = "--files", defaultValue = "15000", description = "Files to generate (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--mean-bytes", defaultValue = "23000", description = "Mean generated file size (default: ${DEFAULT-VALUE}).")
    int meanBytes;

    @Option(names = "--async-share", defaultValue = "0.2", description = "Share of generated files that use an async library (default: ${DEFAULT-VALUE}).")
    double asyncShare;

    /** How many files are generated. */
    public int files() {
        return files;
    }

    /** Where this corpus is kept under {@code work}: one directory per size, so that a generated corpus is reused. */
    public Path dirUnder(Path work) {
        return work.resolve("corpus-" + files + "-" + meanBytes);
    }

    /** Generates the corpus into {@code dir} (or reuses it when complete) and lists its files. */
    public List<Path> generate(Path dir, long seed) throws IOException {
        return Corpus.generate(dir, files, meanBytes, asyncShare, seed);
    }
}
