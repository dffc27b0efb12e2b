package io.anyscope.analytics;

import static io.anyscope.analytics.Render.mdCell;

import io.anyscope.analytics.Report.Card;
import io.anyscope.analytics.Report.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The living checklist (rpt_checklist, src/sql/28_checklist.sql) as Markdown task lists that survive GitHub's
 * renderer: one document per repository ({@code checklist/REPO.md}, pasted into the repository's tracking issue or
 * wiki page), and the report page {@code checklist} (HTML and Markdown) with a section per repository. Each document
 * stays under GitHub's 65,536-character limit: the items of a long phase are cut to a cap with "and N more" (done
 * files go first, open ones are kept).
 */
public final class Checklist {
    /** GitHub's limit on an issue, comment or wiki body, in characters. */
    public static final int GITHUB_LIMIT = 65_536;
    /** What a document may take: the limit with room for a user's own lines around it. */
    static final int BUDGET = 60_000;
    /** The least a repository's section of the combined page takes before repositories are left out of it. */
    static final int MIN_SECTION = 3_000;
    /** Items per phase tried in turn until a document fits its budget. */
    static final int[] CAPS = {Integer.MAX_VALUE, 400, 200, 100, 50, 25, 10, 5, 2, 0};

    private static final String COLUMNS = "repo, phase_no, phase, path, status, legacy_sites, broken_sites, tiers, "
            + "top_symbols, done_week, regressed_week, file_exists, as_of, moved_to";
    /** Item order within a phase: regressed, open, then done; by path. */
    private static final String ORDER = "repo, phase_no, CASE status WHEN 'regressed' THEN 0 WHEN 'open' THEN 1 "
            + "ELSE 2 END, path";

    private Checklist() {
    }

    /**
     * The checklist's phases as the SQL reads them (variable anyscope_checklist_phases): one "NAME\tGLOB" line per
     * glob, in order; null when none is given. A phase without a name or a glob is a usage error.
     */
    public static String phaseLines(List<String> phases) {
        if (phases.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String p : phases) {
            int eq = p.indexOf('=');
            String name = eq < 0 ? "" : p.substring(0, eq).strip();
            List<String> globs = eq < 0 ? List.of() : java.util.Arrays.stream(p.substring(eq + 1).split(","))
                    .map(String::strip).filter(g -> !g.isEmpty()).toList();
            if (name.isEmpty() || globs.isEmpty() || name.contains("\t") || name.contains("\n")) {
                throw new IllegalArgumentException("--phase '" + p + "': expected NAME=GLOB[,GLOB...], e.g. "
                        + "'API backends=src/api/**'");
            }
            for (String g : globs) {
                b.append(name).append('\t').append(g).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Sets the phases ({@link #phaseLines}) for mart_checklist on this session (null: the default phases). Set on
     * the connection: no materialised mart reads the variable, so they stay.
     */
    public static void usePhases(Warehouse w, String lines) throws WarehouseException {
        if (lines == null) {
            return;
        }
        try (java.sql.Statement st = w.connection().createStatement()) {
            st.execute("SET VARIABLE anyscope_checklist_phases = " + io.anyscope.data.Sql.literal(lines));
        } catch (java.sql.SQLException e) {
            throw new WarehouseException(e.getMessage(), false, e);
        }
    }

    /** One file of the checklist. */
    record Item(String phase, String path, String status, long legacy, long broken, String tiers, String symbols,
                String doneWeek, String regressedWeek, boolean exists, String movedTo) {
        boolean open() {
            return !status.equals("done");
        }
    }

    /** A repository's checklist: its newest point and its items in phase order. */
    record Repo(String name, String newest, List<Item> items) {
    }

    /** Every repository's checklist, by repository name. */
    static List<Repo> load(Warehouse w) throws WarehouseException {
        Map<String, List<Item>> by = new LinkedHashMap<>();
        Map<String, String> newest = new LinkedHashMap<>();
        Table t = w.query("SELECT " + COLUMNS + " FROM rpt_checklist ORDER BY " + ORDER);
        for (List<Object> r : t.rows()) {
            by.computeIfAbsent(String.valueOf(r.get(0)), k -> new ArrayList<>()).add(new Item(
                    String.valueOf(r.get(2)), String.valueOf(r.get(3)), String.valueOf(r.get(4)),
                    ((Number) r.get(5)).longValue(), ((Number) r.get(6)).longValue(), (String) r.get(7),
                    (String) r.get(8), (String) r.get(9), (String) r.get(10), Boolean.TRUE.equals(r.get(11)), (String) r.get(13)));
            newest.put(String.valueOf(r.get(0)), String.valueOf(r.get(12)));
        }
        List<Repo> out = new ArrayList<>();
        by.forEach((repo, items) -> out.add(new Repo(repo, newest.getOrDefault(repo, "n/a"), items)));
        return out;
    }

    /**
     * The report page: headline counts, the table of repositories (rpt_checklist_repos), then each repository's
     * checklist; its Markdown stays under the limit.
     */
    static Report page(Warehouse w, String subtitle, String dataLine) throws WarehouseException {
        List<Repo> repos = load(w);
        Table perRepo = w.query("SELECT * FROM rpt_checklist_repos ORDER BY files_open DESC, repo");
        long open = 0;
        long regressed = 0;
        long done = 0;
        for (Repo r : repos) {
            for (Item i : r.items()) {
                switch (i.status()) {
                    case "open" -> open++;
                    case "regressed" -> regressed++;
                    default -> done++;
                }
            }
        }
        List<Card> cards = List.of(new Card("repositories with a checklist", String.valueOf(repos.size())),
                new Card("files open (regressed among them)", (open + regressed) + " (" + regressed + ")"),
                new Card("files done", String.valueOf(done)));
        List<Section> s = new ArrayList<>();
        s.add(Section.text(1, "How to read it", LEGEND + " Each repository's checklist is also a file of its own, "
                + "checklist/REPO.md, to paste into its tracking issue (under GitHub's 65,536-character limit)."));
        s.add(new Section(1, "Repositories", "Most open files first.", "checklist_repos", perRepo, null));
        int left = BUDGET - 2_000 - Render.markdown(perRepo, Report.MD_ROW_CAPS[0], null).length();
        int per = repos.isEmpty() ? left : Math.max(MIN_SECTION, left / repos.size());
        int used = 0;
        int shown = 0;
        for (Repo r : repos) {
            if (used + per > left && shown > 0) {
                break;
            }
            String body = "_" + summary(r) + "_\n\n" + body(r, 3, per);
            used += body.length();
            shown++;
            s.add(Section.text(1, r.name(), body));
        }
        if (shown < repos.size()) {
            s.add(Section.text(1, "More repositories", "… and " + (repos.size() - shown) + " more repositories: "
                    + "each has its own checklist/REPO.md."));
        }
        if (repos.isEmpty()) {
            s.add(Section.text(1, "No files", "No file of a counted path class has had legacy or broken sites."));
        }
        return new Report("checklist", "Migration checklist", subtitle, dataLine, cards, s);
    }

    static final String LEGEND = "`- [ ]` a file with legacy or broken sites at the newest point (its counts, "
            + "effort tiers and top symbols); `- [x]` a file that had some and has none now, with the week it was "
            + "done; a regressed file (done once, sites again) is unticked again.";

    /** One repository's checklist as a document of its own, under {@link #BUDGET} characters. */
    static String document(Repo r) {
        String head = "# Migration checklist: " + mdCell(r.name()) + "\n\n_" + summary(r) + "_\n\n" + LEGEND + "\n\n";
        return head + body(r, 2, BUDGET - head.length());
    }

    /**
     * Writes {@code checklist/REPO.md} for each repository into {@code out}, REPO the file name of its explore page
     * (rpt_explore_repos.page: one rule, names that collide as file names numbered); returns the files written.
     */
    public static List<Path> writeDocuments(Warehouse w, Path out) throws WarehouseException, IOException {
        Path dir = Files.createDirectories(out.resolve("checklist"));
        Map<String, String> pages = new HashMap<>();
        for (List<Object> row : w.query("SELECT repo, page FROM rpt_explore_repos").rows()) {
            pages.put(row.get(0).toString(), row.get(1).toString());
        }
        List<Path> written = new ArrayList<>();
        for (Repo r : load(w)) {
            written.add(Files.writeString(dir.resolve(pages.get(r.name()) + ".md"), document(r)));
        }
        return written;
    }

    private static String summary(Repo r) {
        long open = r.items().stream().filter(Item::open).count();
        long regressed = r.items().stream().filter(i -> i.status().equals("regressed")).count();
        return "As of " + mdCell(r.newest()) + ": " + open + " files open" + (regressed > 0 ? " (" + regressed
                + " regressed)" : "") + ", " + (r.items().size() - open) + " done";
    }

    /** The phases of a repository with their items, headings at {@code level}, cut to fit {@code budget}. */
    static String body(Repo r, int level, int budget) {
        String text = "";
        for (int cap : CAPS) {
            text = phases(r, level, cap);
            if (text.length() <= budget) {
                return text;
            }
        }
        return text.substring(0, Math.max(0, budget - 40)).replaceAll("\n[^\n]*$", "") + "\n\n_… cut to fit._\n";
    }

    private static String phases(Repo r, int level, int cap) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        String phase = null;
        List<Item> inPhase = new ArrayList<>();
        for (Item i : r.items()) {
            if (!i.phase().equals(phase)) {
                if (phase != null) {
                    phase(b, ++n, phase, inPhase, level, cap);
                }
                phase = i.phase();
                inPhase = new ArrayList<>();
            }
            inPhase.add(i);
        }
        if (phase != null) {
            phase(b, ++n, phase, inPhase, level, cap);
        }
        return b.toString();
    }

    private static void phase(StringBuilder b, int n, String phase, List<Item> items, int level, int cap) {
        long open = items.stream().filter(Item::open).count();
        b.append("#".repeat(level)).append(" Phase ").append(n).append(": ").append(mdCell(phase)).append(" (")
                .append(items.size() - open).append(" of ").append(items.size()).append(" done)\n\n");
        int shown = Math.min(cap, items.size());
        for (Item i : items.subList(0, shown)) {
            b.append(line(i)).append('\n');
        }
        if (shown < items.size()) {
            long openLeft = items.subList(shown, items.size()).stream().filter(Item::open).count();
            b.append("- … and ").append(items.size() - shown).append(" more (").append(openLeft).append(" open, ")
                    .append(items.size() - shown - openLeft).append(" done)\n");
        }
        b.append('\n');
    }

    /** One task-list line: {@code - [ ] path — 3 legacy, 1 broken · tiers · symbols} or {@code - [x] path — done W}. */
    static String line(Item i) {
        StringBuilder b = new StringBuilder(i.open() ? "- [ ] " : "- [x] ").append(mdCell(i.path())).append(" — ");
        if (!i.open()) {
            if (i.movedTo() != null) {
                return b.append("moved to ").append(mdCell(i.movedTo())).append(' ').append(mdCell(i.doneWeek())).toString();
            }
            return b.append("done ").append(mdCell(i.doneWeek())).append(i.exists() ? "" : " (file gone)").toString();
        }
        if (i.status().equals("regressed")) {
            b.append("**regressed** ").append(mdCell(i.regressedWeek())).append(" (done ").append(mdCell(i.doneWeek()))
                    .append(") — ");
        }
        List<String> counts = new ArrayList<>();
        if (i.legacy() > 0) {
            counts.add(i.legacy() + " legacy");
        }
        if (i.broken() > 0) {
            counts.add(i.broken() + " broken");
        }
        b.append(String.join(", ", counts));
        if (i.tiers() != null) {
            b.append(" · ").append(mdCell(i.tiers()));
        }
        if (i.symbols() != null) {
            b.append(" · ").append(mdCell(i.symbols()));
        }
        return b.toString();
    }
}
