package io.anyscope.cli.options;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Picocli mixin: which repositories, weeks and path classes a report covers ({@code --repo}, {@code --team},
 * {@code --since}, {@code --path-classes}) and its windows ({@code --churn-weeks}, {@code --velocity-weeks}).
 */
public final class ScopeOptions {
    @Option(names = "--repo", paramLabel = "NAME", description = "Only this repository.")
    String repo;

    @Option(names = "--team", paramLabel = "NAME", description = "Only this team's repositories.")
    String team;

    @Option(names = "--since", paramLabel = "DATE", converter = Values.IsoLocalDate.class, description = "Only points of the series (weeks, months, tags, commits) on or after DATE (YYYY-MM-DD).")
    LocalDate since;

    @Option(names = "--path-classes", split = ",", paramLabel = "CLASS",
            description = "Count the files of these path classes (comma-separated: source, test, example, docs, archived, vendored, generated, excluded; default: source,test, the classes src/catalog/path_classes.yaml marks counted). The others are shown as one line each.")
    List<String> pathClasses;

    @Option(names = "--churn-weeks", paramLabel = "N", description = "Hotspot churn over the trailing N weeks up to each repository's head (default: 8).")
    Integer churnWeeks;

    @Option(names = "--velocity-weeks", paramLabel = "N", description = "Velocity and projections over the trailing N periods (default: 4).")
    Integer velocityWeeks;

    /** The path classes given (null: the default set). */
    public List<String> pathClasses() {
        return pathClasses;
    }

    public Integer churnWeeks() {
        return churnWeeks;
    }

    public Integer velocityWeeks() {
        return velocityWeeks;
    }

    /** A problem with the windows given (a usage error), or null. */
    public String invalid() {
        if (churnWeeks != null && churnWeeks < 1) {
            return "--churn-weeks must be 1 or more, not " + churnWeeks;
        }
        if (velocityWeeks != null && velocityWeeks < 1) {
            return "--velocity-weeks must be 1 or more, not " + velocityWeeks;
        }
        return null;
    }

    /** True when only some repositories are kept (by name or team). */
    public boolean narrowsRepos() {
        return repo != null || team != null;
    }

    /** The filters given, as reports print them ({@code repo=x, team=y, since=2026-01-05}); empty when none. */
    public String describe() {
        List<String> filters = new ArrayList<>();
        if (repo != null) {
            filters.add("repo=" + repo);
        }
        if (team != null) {
            filters.add("team=" + team);
        }
        if (since != null) {
            filters.add("since=" + since);
        }
        if (pathClasses != null && !pathClasses.isEmpty()) {
            filters.add("path classes=" + String.join(",", pathClasses));
        }
        return String.join(", ", filters);
    }
}
