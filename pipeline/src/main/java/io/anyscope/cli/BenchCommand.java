package io.anyscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code anyscope bench ...}: benchmarks that print figures (speed and memory are measured here, not in tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print speed and memory figures.",
        subcommands = {BenchExtractCommand.class, BenchScanCommand.class, BenchCheckCommand.class,
            CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
