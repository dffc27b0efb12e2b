package io.anyscope.cli;

import io.anyscope.cli.options.Values;
import io.anyscope.demo.DemoRepo;
import io.anyscope.demo.DemoRepos;
import io.anyscope.git.History;
import io.anyscope.git.RepoList;
import io.anyscope.pipeline.Scan;
import io.anyscope.pipeline.ScanOptions;
import io.anyscope.util.Trees;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code anyscope demo}: the whole product on built-in sample repositories, offline: creates three repositories with
 * sixteen weeks of history, scans them weekly, writes every report and runs the notebooks.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Create sample repositories, scan their weekly history, write all reports and notebooks.",
                "Needs no network. Running it again starts afresh in the same directory."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", converter = Values.OutputDirectory.class,
            description = "Where the repositories, data and reports go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-progress", description = "No progress display.")
    boolean noProgress;

    @Option(names = "--verbose",
            description = "Also show the libraries' log (Beam, JGit, Parquet) and stack traces on stderr; they always go to DIR/data/logs/<run>.log.")
    boolean verbose;

    @CommandLine.Unmatched
    List<String> beamArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String beamError = ScanCommand.beamArgsError(beamArgs, spec);
        if (beamError != null) {
            err.println(beamError);
            return Main.USAGE;
        }
        Path dir = out.toAbsolutePath().normalize();
        Path reposDir = dir.resolve("repos");
        Path data = dir.resolve("data");
        Path reports = dir.resolve("reports");
        stdout.println("anyscope demo: creating sample repositories in " + reposDir);
        List<DemoRepo> repos = DemoRepos.create(reposDir);
        for (DemoRepo r : repos) {
            stdout.printf("  %-18s team %-9s %s%n", r.name(), r.team(), r.description());
        }
        // A demo starts afresh: an earlier demo's data would make this run incremental (nothing new to read).
        deleteIfDemoData(data);
        stdout.println("anyscope demo: scanning weekly history into " + data);
        stdout.flush();
        ScanOptions settings = ScanOptions.create();
        settings.setHistory(History.Mode.WEEKLY);
        settings.setCache(dir.resolve("cache").toString());
        settings.setProgress(!noProgress);
        settings.setArguments("demo --out " + out);
        Scan.Outcome o = Failures.scan("demo", data, verbose, err, () -> Scan.run(
                RepoList.parse(reposDir.resolve("repos.csv")), data, ScanOptions.withArgs(settings, beamArgs), err));
        if (o == null) {
            return Main.FAILED;
        }
        ScanCommand.printSummary(stdout, o);
        if (verbose) {
            o.cpu().lines("  ").forEach(stdout::println);
        }
        stdout.println("anyscope demo: writing reports to " + reports);
        stdout.flush();
        int rc = Main.run(new String[] {"report", "all", "--data", data.toString(), "--out", reports.toString(),
                "--format", "html,md,csv,json"}, stdout, err);
        if (rc != 0) {
            return rc;
        }
        Path notebooks = notebooksDir();
        List<Path> pages = new ArrayList<>();
        if (notebooks != null) {
            try (Stream<Path> s = Files.list(notebooks)) {
                for (Path nb : s.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    Path page = reports.resolve("notebook-" + nb.getFileName().toString().replace(".md", ".html"));
                    rc = Main.run(new String[] {"notebook", nb.toString(), "--data", data.toString(), "--out",
                            page.toString()}, stdout, err);
                    if (rc != 0) {
                        return rc;
                    }
                    pages.add(page);
                }
            }
        }
        stdout.println();
        stdout.println("Reports (open in a browser; each is one self-contained file):");
        for (String r : io.anyscope.analytics.Reports.NAMES) {
            stdout.println("  " + reports.resolve(r + ".html"));
        }
        pages.forEach(p -> stdout.println("  " + p));
        stdout.println("Markdown, CSV and JSON beside them in " + reports);
        stdout.println();
        stdout.println("Next:");
        stdout.println("  ./anyscope sql --data " + data + " \"SELECT repo, week, pct_migrated FROM "
                + "mart_progress_repo_week ORDER BY repo, week\"");
        stdout.println("  ./anyscope sql --data " + data + "          (interactive prompt)");
        stdout.println("  ./anyscope notebook notebooks/weekly-progress.md --data " + data);
        stdout.flush();
        return o.partial() ? Main.PARTIAL : Main.OK;
    }

    /** The notebooks shipped beside the launcher (the repository's notebooks/), when run from a checkout. */
    private static Path notebooksDir() {
        for (Path p : List.of(Path.of("notebooks"), Path.of(System.getProperty("anyscope.home", ".")).resolve("notebooks"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static void deleteIfDemoData(Path data) throws java.io.IOException {
        if (Files.isDirectory(data.resolve("generations")) || Files.exists(data.resolve("current"))) {
            Trees.delete(data);
        }
    }
}
