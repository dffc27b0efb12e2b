package io.anyscope.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line, as a user would type it: its exit code, standard output and error. */
public record CommandRun(int code, String out, String err) {
    public static CommandRun of(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        return new CommandRun(code, o.toString(), e.toString());
    }

    /** As {@link #of}, asserting exit code 0 (the run's standard error is the failure's message). */
    public static CommandRun ok(String... args) {
        CommandRun run = of(args);
        org.assertj.core.api.Assertions.assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        return run;
    }

    /**
     * As {@link #of}, with what the process wrote to {@link System#err} meanwhile appended to {@link #err}: workers
     * report bad files and failed repositories there (on any runner), not on the command's error writer.
     */
    public static CommandRun withProcessErr(String... args) {
        CommandRun[] run = new CommandRun[1];
        String processErr = processErrOf(() -> run[0] = of(args));
        return new CommandRun(run[0].code, run[0].out, run[0].err + processErr);
    }

    /** Code run by {@link #processErrOf}. */
    @FunctionalInterface
    public interface Body<E extends Exception> {
        void run() throws E;
    }

    /** Runs {@code body} with {@link System#err} captured, and returns what was written to it. */
    public static <E extends Exception> String processErrOf(Body<E> body) throws E {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setErr(realErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
