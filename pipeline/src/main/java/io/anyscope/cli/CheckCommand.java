package io.anyscope.cli;

import io.anyscope.catalog.Catalog;
import io.anyscope.check.CheckException;
import io.anyscope.check.CheckFormat;
import io.anyscope.check.CheckResult;
import io.anyscope.check.Checker;
import io.anyscope.check.FailOn;
import io.anyscope.cli.options.ThreadsOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anyscope check}: the ratchet for pull requests and CI. Exit codes: 0 nothing to fail on, 1 findings under
 * {@code --fail-on}, 2 usage error, 3 could not run.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fail when a change adds legacy asyncio/trio usage, broken AnyIO names or blocker dependencies.",
                "With --base REF: the working tree (or --head REF) against REF, parsing only the files that differ; "
                        + "renamed files keep their sites. With --baseline FILE: every file against a baseline of "
                        + "allowed sites. With neither: every legacy site is new.",
                "Exit codes: 0 nothing to fail on, 1 findings under --fail-on, 2 usage error, 3 could not run."})
public final class CheckCommand implements Callable<Integer> {
    /** Findings matching {@code --fail-on}. */
    static final int FINDINGS = 1;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = ".",
            description = "The working copy, or a directory in it (default: the current directory).")
    Path path;

    @Option(names = "--base", paramLabel = "REF",
            description = "Compare with this revision: a commit, a branch (origin/main), or A...B (their merge base).")
    String base;

    @Option(names = "--head", paramLabel = "REF", description = "Check this revision instead of the working tree.")
    String head;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Compare with a baseline file of allowed sites.")
    Path baseline;

    @Option(names = "--fail-on", paramLabel = "CLASS", split = ",", defaultValue = "new-legacy,new-broken",
            description = "new-legacy, new-broken, blocker, any-legacy, stale-baseline, new-finding (default: ${DEFAULT-VALUE}).")
    List<String> failOn;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json, sarif, github or junit (default: ${DEFAULT-VALUE}).")
    CheckFormat format;

    @Option(names = "--paths", paramLabel = "GLOB", split = ",",
            description = "Only these repository-relative paths (globs such as 'src/**/*.py', or directories).")
    List<String> paths;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Write a baseline of every site found to FILE (then nothing is new).")
    Path writeBaseline;

    @Option(names = "--update-baseline",
            description = "Tighten the --baseline file to the sites found (it never adds sites).")
    boolean updateBaseline;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<FailOn> classes = EnumSet.noneOf(FailOn.class);
        for (String s : failOn) {
            FailOn f = FailOn.parse(s);
            if (f == null) {
                err.println("anyscope check: unknown --fail-on class '" + s.trim()
                        + "' (new-legacy, new-broken, blocker, any-legacy, stale-baseline, new-finding)");
                return Main.USAGE;
            }
            classes.add(f);
        }
        CheckResult r;
        try {
            r = new Checker(Catalog.loadDefault()).run(new Checker.Request(path, base, head, baseline,
                    paths == null ? List.of() : paths, writeBaseline, updateBaseline, threads.count()));
        } catch (CheckException e) {
            err.println("anyscope check: " + e.getMessage());
            return e.isUsage() ? Main.USAGE : Main.FAILED;
        }
        format.write(r, classes, out);
        out.flush();
        int failing = r.failing(classes).size();
        if (format != CheckFormat.text) {
            r.notes().forEach(n -> err.println("anyscope check: " + n));
            err.println("anyscope check: " + r.checked() + " against " + r.reference() + ": " + r.filesParsed()
                    + " files parsed; " + failing + " findings under --fail-on");
        }
        return failing > 0 ? FINDINGS : Main.OK;
    }
}
