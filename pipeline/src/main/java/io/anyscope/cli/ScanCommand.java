package io.anyscope.cli;

import io.anyscope.cli.options.Values;
import io.anyscope.git.History;
import io.anyscope.git.Redactor;
import io.anyscope.git.RepoList;
import io.anyscope.git.RepoSpec;
import io.anyscope.pipeline.Scan;
import io.anyscope.pipeline.ScanOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code anyscope scan}: the main job. Reads repositories' history with the Beam pipeline into a DATA set. */
@Command(name = "scan", sortOptions = false,
        defaultValueProvider = ScanOptionDefaults.class,
        description = {"Scan repositories (and their history) into a Parquet data set.",
                "Any option anyscope does not know is passed to Beam, e.g. --runner=FlinkRunner --flinkMaster=[local].",
                "",
                "Exit codes: 0 all inputs read; 1 some inputs failed (recorded in the errors table, the rest is",
                "written); 2 usage error; 3 the run failed and DATA was left unchanged."})
public final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--repos", order = 1, paramLabel = "FILE",
            description = "Repository list: one per line (path, bare repo, file://, https:// or ssh URL), optionally followed by a name and a team (CSV or whitespace; # comments).")
    Path reposFile;

    @Parameters(paramLabel = "REPO", arity = "0..*", description = "Repositories given directly (paths or URLs).")
    List<String> direct = new ArrayList<>();

    @Option(names = "--out", order = 2, paramLabel = "DATA", required = true, converter = Values.OutputDirectory.class, description = "The data set directory.")
    Path out;

    /** The scan's settings: each option below sets one property (and takes its default, {@link ScanOptionDefaults}). */
    final ScanOptions options = ScanOptions.create();

    /** --ssh-dir as given, for its usage error. */
    private Path sshDir;

    @Option(names = "--history", order = 3, converter = HistoryMode.class,
            description = "head, weekly, monthly, tags or all (default: ${DEFAULT-VALUE}).")
    void setHistory(History.Mode mode) {
        options.setHistory(mode);
    }

    @Option(names = "--since", order = 4, paramLabel = "DATE", converter = Values.IsoDate.class, description = "First day (UTC, yyyy-mm-dd) of history to read.")
    void setSince(String date) {
        options.setSince(date);
    }

    @Option(names = "--until", order = 5, paramLabel = "DATE", converter = Values.IsoDate.class, description = "Last day (UTC, yyyy-mm-dd) of history to read.")
    void setUntil(String date) {
        options.setUntil(date);
    }

    @Option(names = "--branch", order = 6, paramLabel = "NAME", description = "Walk this branch instead of each default branch.")
    void setBranch(String name) {
        options.setBranch(name);
    }

    @Option(names = "--cache", order = 7, paramLabel = "DIR", description = "Where URLs are cloned and fetched (default: ~/.cache/anyscope/repos).")
    void setCache(Path dir) {
        options.setCache(dir.toAbsolutePath().toString());
    }

    @Option(names = "--ssh-dir", order = 8, paramLabel = "DIR",
            description = "Keys, known_hosts and config for ssh URLs, read as OpenSSH does (default: ~/.ssh); e.g. a CI job's deploy key. Host keys must be in its known_hosts.")
    void setSshDir(Path dir) {
        sshDir = dir;
        options.setSshDir(dir.toAbsolutePath().normalize().toString());
    }

    @Option(names = "--max-file-size", order = 9, paramLabel = "BYTES",
            description = "Files larger than this are recorded as too_large (default: ${DEFAULT-VALUE}).")
    void setMaxFileBytes(long bytes) {
        options.setMaxFileBytes(bytes);
    }

    @Option(names = "--churn-weeks", order = 10, paramLabel = "N",
            description = "With --history head: the changes table covers the commits of the last N weeks before the tip (hotspot churn; default: ${DEFAULT-VALUE}).")
    void setChurnWeeks(int weeks) {
        options.setChurnWeeks(weeks);
    }

    @Option(names = "--include", order = 10, paramLabel = "GLOB",
            description = "Count the files matching this gitignore glob as source whatever the path-class rules say (e.g. an archive/ that is live code); repeatable; tried before --exclude.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", order = 10, paramLabel = "GLOB",
            description = "Give the files matching this gitignore glob the path class excluded: reports do not count them (e.g. --exclude 'legacy/'); repeatable. Recorded per repository (repos.path_rules), before the repository list's own.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--path-class", order = 10, paramLabel = "CLASS=GLOB",
            description = "Give the files matching this gitignore glob that path class (source, test, example, docs, archived, vendored, generated, excluded), e.g. archived=legacy/; repeatable; tried before --include and --exclude.")
    List<String> pathClassGlobs = new ArrayList<>();

    @Option(names = "--config", order = 0, paramLabel = "FILE",
            description = "Settings from a TOML file (anyscope.toml: [scan], [path_classes], [[repos]]); options given here win.")
    Path config;

    @Option(names = "--no-marts", order = 11,
            description = "Do not build the reports' marts as the run commits (the first report builds them): for a scan whose data only feeds SQL, exports or the gate. The summary says what became of them.")
    void noMarts(boolean off) {
        options.setMarts(!off);
    }

    @Option(names = "--no-progress", order = 11, description = "No progress display.")
    void noProgress(boolean off) {
        options.setProgress(!off);
    }

    @Option(names = "--verbose", order = 12,
            description = "Also print the CPU time of each stage at the end, and show the libraries' log (Beam, JGit, Parquet) and stack traces on stderr; they always go to DATA/logs/<run>.log.")
    boolean verbose;

    // The standard help options, declared here to keep their place after the options above (which are methods,
    // whose declaration order reflection does not keep).
    @Option(names = {"-h", "--help"}, order = 13, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, order = 14, versionHelp = true,
            description = "Print version information and exit.")
    boolean version;

    @CommandLine.Unmatched
    List<String> beamArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.getChurnWeeks() < 0) {
            err.println("anyscope scan: --churn-weeks must be 0 or more, not " + options.getChurnWeeks());
            return Main.USAGE;
        }
        String beamError = beamArgsError(beamArgs, spec);
        if (beamError != null) {
            err.println(beamError);
            return Main.USAGE;
        }
        if (sshDir != null && !Files.isDirectory(sshDir)) {
            err.println("anyscope scan: --ssh-dir is not a directory: " + sshDir);
            return Main.USAGE;
        }
        List<RepoSpec> repos = new ArrayList<>();
        try {
            if (reposFile != null) {
                if (!Files.isRegularFile(reposFile)) {
                    err.println("anyscope scan: repository list not found: " + reposFile);
                    return Main.USAGE;
                }
                repos.addAll(RepoList.parse(reposFile));
            }
            for (String d : direct) {
                repos.add(RepoSpec.of(d));
            }
        } catch (IllegalArgumentException e) {
            err.println("anyscope scan: " + Redactor.redact(e.getMessage()));
            return Main.USAGE;
        }
        if (repos.isEmpty()) {
            err.println("anyscope scan: no repositories: give --repos FILE or paths/URLs");
            return Main.USAGE;
        }
        List<String> cliRules;
        try {
            List<String> classes = new ArrayList<>();
            for (String c : pathClassGlobs) {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--path-class takes CLASS=GLOB, not '" + c + "'");
                }
                classes.add(c.substring(0, eq) + " " + c.substring(eq + 1));
            }
            cliRules = RepoList.overrides(classes, includes, excludes);
        } catch (IllegalArgumentException e) {
            err.println("anyscope scan: --path-class/--include/--exclude: " + e.getMessage());
            return Main.USAGE;
        }
        repos.replaceAll(r -> r.withPathRules(cliRules, List.of()));
        options.setArguments(String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        Scan.Outcome o = Failures.scan("scan", out, verbose, err,
                () -> Scan.run(repos, out, ScanOptions.withArgs(options, beamArgs), err));
        if (o == null) {
            return Main.FAILED;
        }
        printSummary(stdout, o);
        if (verbose) {
            o.cpu().lines("  ").forEach(stdout::println);
            stdout.flush();
        }
        if (o.partial()) {
            err.printf("anyscope scan: %d input(s) failed; they are listed in the errors table "
                    + "(anyscope sql --data %s \"SELECT * FROM stg_errors\")%n", o.get("failed_inputs"), out);
            return Main.PARTIAL;
        }
        return Main.OK;
    }

    /**
     * The usage error in the arguments a command passes on to Beam (its unmatched ones), as the line to print, or
     * null: an option Beam does not know or a bad value (named first), else an argument that is not an option.
     */
    static String beamArgsError(List<String> beamArgs, CommandLine.Model.CommandSpec spec) {
        String beamError = BeamArgs.check(beamArgs.stream().filter(a -> a.startsWith("--")).toList(), spec);
        if (beamError != null) {
            return UsageErrors.prefix(spec) + beamError;
        }
        return beamArgs.stream().filter(a -> !a.startsWith("--")).findFirst()
                .map(a -> UsageErrors.prefix(spec) + "unexpected argument " + Redactor.redact(a)).orElse(null);
    }

    /** {@code --history}: a mode's name in any case; anything else is a usage error naming the choices. */
    static final class HistoryMode implements CommandLine.ITypeConverter<History.Mode> {
        @Override
        public History.Mode convert(String value) {
            History.Mode m = History.Mode.parse(value);
            if (m == null) {
                throw new CommandLine.TypeConversionException("must be head, weekly, monthly, tags or all, not '"
                        + value + "'");
            }
            return m;
        }
    }

    static void printSummary(PrintWriter out, Scan.Outcome o) {
        out.printf("run %s on %s in %.1f s%n", o.runId(), o.runner(), o.took().toMillis() / 1000.0);
        out.printf("  repositories %d, snapshots %d (%d new), files listed %d%n", o.get("repos"), o.get("snapshots"),
                o.get("new_snapshots"), o.get("files"));
        out.printf("  commits compared with their first parent %d, changed paths %d%n", o.get("change_commits"),
                o.get("changes"));
        out.printf("  distinct blobs read %d (%d parsed, %d skipped by the prefilter), %.1f MB, facts %d%n",
                o.get("distinct_blobs"), o.get("parsed_blobs"), o.get("prefiltered_blobs"), o.get("bytes") / 1e6,
                o.get("facts"));
        out.printf("  problems met %d (failed inputs %d); errors table rows %d%n", o.get("errors"),
                o.get("failed_inputs"), o.errorRows());
        out.printf("  data: %s%n", o.generation());
        out.printf("  marts for the reports: %s%n", o.marts());
        out.flush();
    }
}
