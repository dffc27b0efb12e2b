package io.anyscope.analytics;

import static io.anyscope.analytics.Render.mdCell;

import io.anyscope.analytics.Report.Card;
import io.anyscope.analytics.Report.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill-down at each repository's head (the rpt_explore_ views, src/sql/30_reports.sql): the report page
 * {@code explore} (organisation totals, teams, repositories, each repository linking to its page) and one HTML page
 * per repository, {@code explore/PAGE.html} (directories, files, sites; a directory narrows the files, a file's site
 * count narrows the sites, each file and site line links to its code at the head commit). Each view is read once for
 * every repository and split here.
 */
public final class Explore {
    /** The directory of the repositories' pages, beside the report pages. */
    public static final String DIR = "explore";
    /** The levels of a repository's page: (view, heading, what it shows); table names are the views' without rpt_. */
    private static final List<List<String>> LEVELS = List.of(
            List.of("rpt_explore_dirs", "Directories", "Directories with tracked sites (each counts its own files, "
                    + "not its subdirectories'), most estimated minutes first; click a directory to list its files "
                    + "below."),
            List.of("rpt_explore_files", "Files", "Click a file to read it at the head commit, its site count to "
                    + "list its sites below."),
            List.of("rpt_explore_sites", "Sites", "Each legacy and broken site: its line (linked to the code at the "
                    + "head commit), symbol, source line, AnyIO equivalent, effort tier, category and why (the "
                    + "catalog's note)."));

    private Explore() {
    }

    /** The report page: organisation totals, teams, repositories. */
    static Report page(Warehouse w, String subtitle, String dataLine) throws WarehouseException {
        Table org = w.query("SELECT * FROM rpt_scope_org");
        Table repos = w.query("SELECT * FROM rpt_explore_repos");
        String n = org.size() == 0 ? "0" : Table.text(org.get(0, "repos"));
        List<Card> cards = org.size() == 0 ? List.of() : List.of(
                new Card("repositories", n),
                new Card("files with legacy usage", Table.text(org.get(0, "files_with_legacy"))),
                new Card("legacy sites", Table.text(org.get(0, "legacy_sites"))),
                new Card("broken sites", Table.text(org.get(0, "broken_sites"))),
                new Card("% migrated (direct references)", Table.text(org.get(0, "pct_migrated")) + "%"),
                new Card("estimated effort (hours)", Table.text(org.get(0, "est_hours"))));
        List<Section> s = new ArrayList<>();
        s.add(Section.text(1, "How to drill down", "Organisation → team → repository → directory → file → site, at "
                + "each repository's head. Click a team to list its repositories, a repository to open its page "
                + "(HTML: explore/REPOSITORY.html): its directories, files and sites, each site linked to its line "
                + "at the head commit."));
        s.add(new Section(1, "Teams", "Most estimated minutes first.", "explore_teams",
                w.query("SELECT * FROM rpt_explore_teams"), null));
        s.add(new Section(1, "Repositories", "Most estimated minutes first.", "explore_repos",
                drop(repos, "page"), null));
        return new Report("explore", "Explore: organisation, teams, repositories", subtitle, dataLine, cards, s);
    }

    /** Writes {@code explore/PAGE.html} for each repository into {@code out}, in {@code frame}; returns the files. */
    public static List<Path> writeRepoPages(Warehouse w, Path out, PageFrame frame)
            throws WarehouseException, IOException {
        Path dir = Files.createDirectories(out.resolve(DIR));
        List<Map<String, Table>> levels = new ArrayList<>();
        for (List<String> l : LEVELS) {
            levels.add(byRepo(w.query("SELECT * FROM " + l.get(0))));
        }
        Table repos = w.query("SELECT * FROM rpt_explore_repos ORDER BY repo");
        PageFrame below = frame.below("explore");
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < repos.size(); i++) {
            String repo = Table.text(repos.get(i, "repo"));
            List<Section> s = new ArrayList<>();
            s.add(Section.text(1, "Where", breadcrumb(repos, i)));
            for (int k = 0; k < LEVELS.size(); k++) {
                List<String> l = LEVELS.get(k);
                Table t = levels.get(k).get(repo);
                s.add(new Section(1, l.get(1), l.get(2), l.get(0).replace("rpt_", ""),
                        t == null ? empty(w, l.get(0)) : t, null));
            }
            Report r = new Report(Table.text(repos.get(i, "page")), "Explore: " + repo,
                    "Directories, files and sites at the head (" + Table.text(repos.get(i, "head_label")) + ")",
                    cards(repos, i), s);
            written.add(Files.writeString(dir.resolve(r.name() + ".html"), r.html(below)));
        }
        return written;
    }

    private static List<Card> cards(Table repos, int i) {
        return List.of(new Card("team", Table.text(repos.get(i, "team"))),
                new Card("files with legacy usage", Table.text(repos.get(i, "files_with_legacy"))),
                new Card("legacy sites", Table.text(repos.get(i, "legacy_sites"))),
                new Card("broken sites", Table.text(repos.get(i, "broken_sites"))),
                new Card("% migrated (direct references)", Table.text(repos.get(i, "pct_migrated")) + "%"),
                new Card("estimated minutes", Table.text(repos.get(i, "est_minutes"))),
                new Card("scan status", Table.text(repos.get(i, "status"))));
    }

    /** Organisation › team › repository, linked up to the explore page (narrowed to the team), and the head commit. */
    private static String breadcrumb(Table repos, int i) {
        String head = Table.text(repos.get(i, "head_label"));
        Object headUrl = repos.get(i, "head_label_url");
        return "[Organisation](../explore.html) › [" + mdCell(Table.text(repos.get(i, "team"))) + "](../explore.html"
                + repos.get(i, "team_url") + ") › **" + mdCell(Table.text(repos.get(i, "repo"))) + "** · head: "
                + (headUrl != null && Render.linkable(headUrl) ? "[" + mdCell(head) + "](<" + headUrl + ">)"
                : mdCell(head));
    }

    /** The rows of a table per repository, without the repo column, in the table's order. */
    static Map<String, Table> byRepo(Table t) {
        int repo = t.column("repo");
        Table rest = drop(t, "repo");
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            rows.computeIfAbsent(Table.text(t.rows().get(i).get(repo)), k -> new ArrayList<>()).add(rest.rows().get(i));
        }
        Map<String, Table> out = new LinkedHashMap<>();
        rows.forEach((k, v) -> out.put(k, new Table(rest.columns(), rest.types(), v)));
        return out;
    }

    /** A table without one of its columns. */
    static Table drop(Table t, String column) {
        int c = t.column(column);
        List<String> cols = new ArrayList<>(t.columns());
        List<String> types = new ArrayList<>(t.types());
        cols.remove(c);
        types.remove(c);
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            List<Object> rest = new ArrayList<>(r);
            rest.remove(c);
            rows.add(rest);
        }
        return new Table(List.copyOf(cols), List.copyOf(types), rows);
    }

    /** A view's columns without rows (a repository with none at that level). */
    private static Table empty(Warehouse w, String view) throws WarehouseException {
        return drop(w.query("SELECT * FROM " + view + " LIMIT 0"), "repo");
    }
}
