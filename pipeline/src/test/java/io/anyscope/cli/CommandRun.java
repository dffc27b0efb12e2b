package io.anyscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line, as a user would type it: its exit code, standard output and error. */
public record CommandRun(int code, String out, String err) {
    public static CommandRun of(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        return new CommandRun(code, o.toString(), e.toString());
    }
}
