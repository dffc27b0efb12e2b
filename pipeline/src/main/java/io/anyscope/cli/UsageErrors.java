package io.anyscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A usage error as the user sees it: one line, {@code anyscope COMMAND: what is wrong}, naming the option and what it
 * takes (and, for a misspelt option, the close name), never a Java or Beam class name; exit code 2.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println(prefix(cl.getCommandSpec()) + describe(ex));
        cl.getErr().flush();
        return Main.USAGE;
    }

    /** {@code anyscope scan: } for the command the error is in. */
    static String prefix(CommandSpec spec) {
        return spec.qualifiedName() + ": ";
    }

    private static String describe(CommandLine.ParameterException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        // An unknown option first, even when picocli noticed a missing one before it: "--dta x" is why --data is
        // missing.
        List<String> unmatched = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : ex.getCommandLine().getUnmatchedArguments();
        if (!spec.subcommands().isEmpty() && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
            String given = unmatched.get(0);
            String close = closest(given, spec.subcommands().keySet());
            return "unknown command '" + given + "'" + (close != null ? "; did you mean " + close + "?"
                    : " (" + spec.qualifiedName() + " --help lists the commands)");
        }
        if (spec.unmatchedArgsBindings().isEmpty()) {
            for (String a : unmatched) {
                if (a.startsWith("-")) {
                    return unknownOption(a, optionNames(spec), spec);
                }
            }
        } else {
            // scan keeps the options it does not know for Beam and checks them only when it runs; picocli may stop
            // first on a missing required option, which a misspelt one is often the cause of ("--otu x").
            List<String> passedOn = new ArrayList<>();
            for (String a : unmatched) {
                if (a.startsWith("--")) {
                    passedOn.add(a);
                }
            }
            String beam = BeamArgs.check(passedOn, spec);
            if (beam != null) {
                return beam;
            }
        }
        String line = lowerFirst(ex.getMessage());
        return WHOLE.matcher(NUMBER.matcher(line).replaceFirst("is not a number")).replaceFirst("is not a whole number");
    }

    // How picocli words a bad number ("'x' is not a long"), in the user's words.
    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(
            "is not an? (long|int|short|byte|Long|Integer|Short|Byte|BigInteger)$");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
            "is not an? (double|float|Double|Float|BigDecimal)$");

    /** "unknown option --x; did you mean --y?", or where to look when no name is close. */
    static String unknownOption(String given, Collection<String> names, CommandSpec spec) {
        String name = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
        String close = closest(name, names);
        return "unknown option " + name + (close != null ? "; did you mean " + close + "?"
                : " (" + spec.qualifiedName() + " --help lists the options)");
    }

    /** The long names of a command's options. */
    static List<String> optionNames(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /**
     * The candidate closest to {@code given} by edit distance (a transposition counts one), when it is close enough to
     * be a slip: at most 2 edits and at most a third of the name; null otherwise. Case is ignored.
     */
    static String closest(String given, Collection<String> candidates) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(g, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        String bare = g.replaceFirst("^-+", "");
        return best != null && bestDistance <= 2 && bestDistance * 3 <= bare.length() ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return "invalid command line";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return Character.isUpperCase(line.charAt(0)) && (line.length() < 2 || !Character.isUpperCase(line.charAt(1)))
                ? Character.toLowerCase(line.charAt(0)) + line.substring(1) : line;
    }
}
