package io.anyscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code anyscope bench ...}: benchmarks that print figures (speed and memory are measured here, not in tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print speed and memory figures.",
        subcommands = {BenchExtractCommand.class, BenchScanCommand.class, BenchCheckCommand.class, BenchReportCommand.class,
            CommandLine.HelpCommand.class})
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Bare {@code anyscope bench}: the help, on stderr, as a usage error (exit 2), as bare {@code anyscope}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.USAGE;
    }
}
