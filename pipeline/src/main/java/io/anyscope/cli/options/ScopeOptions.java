package io.anyscope.cli.options;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Picocli mixin: which repositories and weeks a report covers ({@code --repo}, {@code --team}, {@code --since}). */
public final class ScopeOptions {
    @Option(names = "--repo", paramLabel = "NAME", description = "Only this repository.")
    String repo;

    @Option(names = "--team", paramLabel = "NAME", description = "Only this team's repositories.")
    String team;

    @Option(names = "--since", paramLabel = "DATE", converter = Values.IsoLocalDate.class, description = "Only points of the series (weeks, months, tags, commits) on or after DATE (YYYY-MM-DD).")
    LocalDate since;

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
        return String.join(", ", filters);
    }
}
