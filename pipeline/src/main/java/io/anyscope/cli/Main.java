package io.anyscope.cli;

import io.anyscope.catalog.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code anyscope} command line: a thin layer over the library. {@link #run} returns the exit code so that tests
 * call it in process.
 */
@Command(name = "anyscope", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measures how far Python code is from moving from asyncio/trio to AnyIO.",
        subcommands = {DemoCommand.class, ScanCommand.class, CheckCommand.class, ExtractCommand.class, SqlCommand.class,
            ExportCommand.class, ReportCommand.class, NotebookCommand.class, BenchCommand.class, CompletionCommand.class, ManCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    /** All went well. */
    public static final int OK = 0;
    /** The command ran, but some inputs failed (they are recorded; the data for the rest is written). */
    public static final int PARTIAL = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The command could not run at all (e.g. an output could not be written). */
    public static final int FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        io.anyscope.pipeline.Logs.init();
        NativeLibraries.prepareDuckDb(err);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // A mapper decides every exception's code, the command line's too: those (an unknown option, a value not
        // among an enum's, a missing required option) are usage errors.
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : FAILED);
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        cl.setParameterExceptionHandler(new UsageErrors());
        String[] expanded;
        try {
            expanded = ConfigFile.expand(args);
        } catch (ConfigFile.ConfigException e) {
            err.println("anyscope " + args[0] + ": " + e.getMessage());
            err.flush();
            return USAGE;
        }
        int code = cl.execute(expanded);
        out.flush();
        err.flush();
        return code;
    }

    /** Bare {@code anyscope}: the help, on stderr, as a usage error (exit 2). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** {@code --version}: the build's version (filtered in by Maven) and the built-in catalog's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"anyscope " + io.anyscope.util.Version.current(),
                "catalog " + Catalog.loadDefault().version()};
        }
    }
}
