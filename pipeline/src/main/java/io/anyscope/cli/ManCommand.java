package io.anyscope.cli;

import io.anyscope.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code anyscope man}: the manual page anyscope(1) in roff, generated from the command line's own definition
 * (picocli's model: every command, its synopsis, options and their descriptions), e.g.
 * {@code anyscope man > anyscope.1 && man -l anyscope.1}.
 */
@Command(name = "man", mixinStandardHelpOptions = true,
        description = {"Prints the manual page anyscope(1) (roff) of every command and option.",
            "e.g. anyscope man > ~/.local/share/man/man1/anyscope.1, or anyscope man | man -l -"})
public final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(page(spec.root()));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    /** The page of {@code root} and its commands (helpers such as {@code help} left out). */
    static String page(CommandSpec root) {
        StringBuilder b = new StringBuilder();
        b.append(".TH ANYSCOPE 1 \"\" \"anyscope ").append(roff(Version.current())).append("\" \"User Commands\"\n");
        b.append(".SH NAME\nanyscope \\- ").append(roff(String.join(" ", root.usageMessage().description())))
                .append('\n');
        b.append(".SH SYNOPSIS\n.B anyscope\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        b.append(".br\n.B anyscope\n[\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]\n");
        b.append(".SH COMMANDS\n");
        for (CommandLine sub : root.subcommands().values().stream().distinct().toList()) {
            command(b, sub.getCommandSpec());
        }
        b.append(".SH EXIT STATUS\n");
        b.append(".TP\n.B 0\nok\n.TP\n.B 1\nscan, demo: some inputs failed (each is a row in the errors table and a "
                + "line on stderr); the rest is written\n.TP\n.B 2\nusage error (one line on stderr)\n.TP\n.B 3\n"
                + "the run failed as a whole (DATA unchanged), or a failing statement, cell or refused write\n");
        b.append(".SH SEE ALSO\nThe README of anyscope; \\fBanyscope completion bash\\fR for shell completion.\n");
        return b.toString();
    }

    private static void command(StringBuilder b, CommandSpec c) {
        if (c.usageMessage().hidden() || c.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        b.append(".SS \"").append(roff(c.qualifiedName())).append("\"\n");
        String synopsis = c.commandLine().getHelp().synopsis(0).strip();
        b.append(".nf\n").append(roff(synopsis.replaceAll("\\s*\\n\\s*", " "))).append("\n.fi\n");
        for (String line : c.usageMessage().description()) {
            b.append(line.isBlank() ? ".PP\n" : roff(line) + "\n.br\n");
        }
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (!p.hidden()) {
                b.append(".TP\n\\fI").append(roff(p.paramLabel())).append("\\fR\n")
                        .append(roff(String.join(" ", p.description()))).append('\n');
            }
        }
        for (OptionSpec o : c.options()) {
            if (o.hidden()) {
                continue;
            }
            b.append(".TP\n");
            List<String> names = List.of(o.names());
            for (int i = 0; i < names.size(); i++) {
                b.append(i == 0 ? "" : ", ").append("\\fB").append(roff(names.get(i))).append("\\fR");
            }
            if (o.arity().max() > 0) {
                b.append(" \\fI").append(roff(o.paramLabel())).append("\\fR");
            }
            b.append('\n').append(roff(String.join(" ", o.description()))).append('\n');
        }
        for (CommandLine sub : c.subcommands().values().stream().distinct().toList()) {
            command(b, sub.getCommandSpec());
        }
    }

    /** Text as roff shows it: backslashes and minus signs escaped, a leading dot or quote neutralised. */
    static String roff(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
