package io.anyscope.cli;

import io.anyscope.analytics.Checklist;
import io.anyscope.analytics.Explore;
import io.anyscope.analytics.Reports;
import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import io.anyscope.cli.options.DataSetOptions;
import io.anyscope.cli.options.ScopeOptions;
import io.anyscope.cli.options.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code anyscope report [scope|explore|hotspots|progress|checklist|rules|dictionary|all] --data DATA --out DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the scope, explore, hotspots, progress and checklist reports and the rules page (HTML, Markdown, CSV, JSON) from a data set.")
public final class ReportCommand implements Callable<Integer> {
    /** Output formats; a value not named here is a usage error (picocli: exit code 2). */
    enum Format { html, md, csv, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "REPORT",
            description = "scope, explore (organisation, teams and repositories, and a page per repository with its directories, files and sites: explore/REPO.html), hotspots, progress, checklist (per repository, the files to migrate and those done), rules (what each migration-mistake rule finds), dictionary (the data dictionary) or all (default: ${DEFAULT-VALUE}).")
    String which;

    @Mixin
    DataSetOptions dataSet;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = Values.OutputDirectory.class, description = "Output directory.")
    Path out;

    @Option(names = "--format", split = ",", defaultValue = "html,md", paramLabel = "FMT",
            description = "Comma-separated: html, md, csv, json (default: ${DEFAULT-VALUE}).")
    List<Format> formats;

    @Mixin
    ScopeOptions scope;

    @Option(names = {"--phase", "--phases"}, paramLabel = "NAME=GLOB[,GLOB...]",
            description = "A phase of the checklist: the files the globs match (first phase wins; gitignore-style "
                    + "globs as for path classes). Repeatable, in order; files no phase matches: 'Other files'. "
                    + "Default: by path class and top-level directory.")
    List<String> phases = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings from a TOML file (anyscope.toml: [report], and [scan] out as --data); options given here win.")
    Path config;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var outw = spec.commandLine().getOut();
        List<String> names = "all".equals(which) ? Reports.NAMES : List.of(which);
        if (!"all".equals(which) && !Reports.NAMES.contains(which)) {
            err.println("anyscope report: unknown report '" + which + "' (scope, explore, hotspots, progress, checklist, rules, dictionary or all)");
            return Main.USAGE;
        }
        if (scope.invalid() != null) {
            err.println("anyscope report: " + scope.invalid());
            return Main.USAGE;
        }
        String phaseLines;
        try {
            phaseLines = Checklist.phaseLines(phases);
        } catch (IllegalArgumentException e) {
            err.println("anyscope report: " + e.getMessage());
            return Main.USAGE;
        }
        String filters = scope.describe();
        try (Warehouse w = dataSet.open(scope)) {
            if (scope.narrowsRepos() && w.query("SELECT count(*) FROM mart_repos").get(0, "count_star()")
                    .equals(0L)) {
                err.println("anyscope report: no repository matches " + filters + " in " + w.data());
                return Main.USAGE;
            }
            Checklist.usePhases(w, phaseLines);
            Reports reports = new Reports(w, filters);
            for (String n : names) {
                List<Path> written = new ArrayList<>(reports.build(n).write(out,
                        formats.stream().map(Format::name).toList(), reports.frame(n)));
                if (n.equals("checklist") && formats.contains(Format.md)) {
                    written.addAll(Checklist.writeDocuments(w, out));
                }
                if (n.equals("explore") && formats.contains(Format.html)) {
                    written.addAll(Explore.writeRepoPages(w, out, reports.frame(n)));
                }
                for (Path p : written) {
                    outw.println(p);
                }
            }
            return Main.OK;
        } catch (WarehouseException e) {
            err.println("anyscope report: " + e.getMessage());
            return e.usage() ? Main.USAGE : Main.FAILED;
        } catch (java.io.IOException e) {
            err.println("anyscope report: cannot write " + out + ": " + e.getMessage());
            return Main.FAILED;
        }
    }
}
