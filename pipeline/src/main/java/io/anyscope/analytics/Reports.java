package io.anyscope.analytics;

import io.anyscope.analytics.Report.Card;
import io.anyscope.analytics.Report.Section;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the scope, hotspots and progress reports from the rpt_ views (which read marts only), and the rules page
 * (what each migration-mistake finding means: {@link RulesPage}).
 */
public final class Reports {
    /** How a page is built. */
    @FunctionalInterface
    public interface Builder {
        Report build(Reports reports) throws WarehouseException;
    }

    /** One report page: its name (file name without .html), its link text in the navigation, its builder. */
    public record Page(String name, String nav, Builder builder) {
    }

    /** Every report, in navigation order: adding a page is one line here. */
    public static final List<Page> PAGES = List.of(
            new Page("scope", "Scope", Reports::scope),
            new Page("explore", "Explore", r -> Explore.page(r.w, "Organisation, teams and repositories at each "
                    + "repository's head; each repository's page lists its directories, files and sites",
                    r.dataLine())),
            new Page("hotspots", "Hotspots", Reports::hotspots),
            new Page("progress", "Progress", Reports::progress),
            new Page("checklist", "Checklist", r -> Checklist.page(r.w, "Per repository, the files to migrate "
                    + "and those done, in phases", r.dataLine())),
            new Page("rules", "Rules", r -> RulesPage.build()),
            new Page("dictionary", "Data dictionary", Reports::dictionary));
    public static final List<String> NAMES = PAGES.stream().map(Page::name).toList();
    /** Series drawn one by one in a chart of many members (repositories); the rest are one "others" series. */
    static final int TOP_SERIES = 8;
    /** Bars of a chart of many members; the rest are one "others" bar. */
    static final int TOP_BARS = 20;

    private final Warehouse w;
    private final String filters;
    private String coverage;
    private String pathClasses;

    public Reports(Warehouse w, String filters) {
        this.w = w;
        this.filters = filters;
    }

    public Report build(String name) throws WarehouseException {
        Page page = PAGES.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown report " + name));
        Report r = page.builder().build(this);
        return name.equals("dictionary") || name.equals("rules") ? r : withFailedInputs(r);
    }

    /** The data dictionary: tables, views and columns with grain, key, type and description. */
    Report dictionary() throws WarehouseException {
        return Dictionary.build(w, "The tables, views and columns, with grain, key and type", dataLine());
    }

    private String asOf;
    private String glossary;
    private Map<String, String> categories;

    /**
     * The frame of report {@code name}'s HTML page: the navigation of {@link #PAGES}, the data's "as of" line
     * (newest snapshot, run, coverage, filters), the glossary, the category labels.
     */
    public PageFrame frame(String name) throws WarehouseException {
        if (asOf == null) {
            Table t = w.query("SELECT max(commit_time) AS newest, arg_max(label, commit_time) AS label, "
                    + "count(DISTINCT repo_id) AS repos, count(*) AS snapshots FROM mart_snapshots");
            asOf = "Data as of " + (t.get(0, "newest") == null ? "(no snapshot)"
                    : minute(t.get(0, "newest")) + " UTC (newest snapshot, "
                    + t.get(0, "label") + ")") + " | " + num(t.get(0, "snapshots")) + " snapshots of "
                    + num(t.get(0, "repos")) + " repositories | " + dataLine("scan run ", "coverage: ");
            categories = new LinkedHashMap<>();
            for (List<Object> r : w.query("SELECT category, label FROM ref_categories").rows()) {
                categories.put(String.valueOf(r.get(0)), String.valueOf(r.get(1)));
            }
            glossary = glossary();
        }
        List<Map.Entry<String, String>> nav = new ArrayList<>();
        for (Page p : PAGES) {
            nav.add(Map.entry(p.name(), p.nav()));
        }
        return new PageFrame(nav, name, asOf, glossary, categories);
    }

    /** Effort tiers with their weights, risk and category weights, categories: from the data the figures use. */
    private String glossary() throws WarehouseException {
        StringBuilder b = new StringBuilder("<details class=\"glossary\" id=\"glossary\"><summary>Glossary: effort "
                + "tiers, effort and risk weights, categories</summary>\n<h3>Effort tiers and effort weights</h3>"
                + "<p class=\"note\">Estimated effort = Σ over legacy sites of the tier's minutes per site + Σ over "
                + "files of the minutes per file of the dearest tier in the file (report --weights FILE).</p>"
                + "<table><thead><tr><th>Tier</th><th>Meaning</th><th>Minutes per site</th><th>Minutes per file</th>"
                + "</tr></thead><tbody>");
        for (List<Object> r : w.query("SELECT t.tier, w.minutes_per_site, w.minutes_per_file FROM ref_effort_tiers t "
                + "LEFT JOIN ref_effort_weights w USING (tier) ORDER BY t.tier_order").rows()) {
            String tier = String.valueOf(r.get(0));
            b.append("<tr><td><span style=\"color:").append(WebCharts.TIER_COLOURS.getOrDefault(tier, "#000"))
                    .append("\">&#9632;</span> ").append(Render.escape(tier)).append("</td><td>")
                    .append(Render.escape(PageFrame.tierMeaning(tier))).append("</td><td class=\"num\">")
                    .append(num(r.get(1))).append("</td><td class=\"num\">").append(num(r.get(2))).append("</td></tr>");
        }
        b.append("</tbody></table>\n<h3>Risk weights</h3><p class=\"note\">Hotspot score = Σ over legacy sites of "
                + "category weight × risk weight, × churn.</p><table><thead><tr><th>Weighs</th><th>Key</th>"
                + "<th>Weight</th></tr></thead><tbody>");
        for (List<Object> r : w.query("SELECT * FROM ref_risk_weights").rows()) {
            String key = String.valueOf(r.get(1));
            b.append("<tr><td>").append(Render.escape(String.valueOf(r.get(0)))).append("</td><td>")
                    .append(Render.escape("category".equals(r.get(0)) ? categories.getOrDefault(key, key) : key))
                    .append("</td><td class=\"num\">").append(num(r.get(2))).append("</td></tr>");
        }
        b.append("</tbody></table>\n<h3>Categories</h3><p class=\"note\">")
                .append(Render.escape(String.join("; ", categories.values()))).append(".</p>\n")
                .append("<h3>Terms</h3><p class=\"note\">A <b>site</b> is one use of a tracked library in a file: "
                        + "an import, a direct reference or a derived method fact. <b>Legacy</b>: asyncio, trio and "
                        + "libraries that tie code to them; <b>broken</b>: a name the migration left that AnyIO does "
                        + "not have, or a library name used without an import. ")
                .append(Render.escape(PCT_MIGRATED)).append("</p></details>\n");
        return b.toString();
    }

    /** The coverage line of every report's subtitle (rpt_coverage), read once. */
    private String coverage() throws WarehouseException {
        if (coverage == null) {
            coverage = String.valueOf(q("rpt_coverage").get(0, "headline"));
        }
        return coverage;
    }

    /** Every report ends with the outstanding failed inputs (rpt_failed_inputs), when there are any. */
    private Report withFailedInputs(Report r) throws WarehouseException {
        Table failed = q("rpt_failed_inputs");
        if (failed.size() == 0) {
            return r;
        }
        List<Section> s = new ArrayList<>(r.sections());
        s.add(new Section(1, "Failed inputs", "Inputs the data set does not hold (" + coverage() + "): the figures "
                + "above leave them out. Each is read again by the next scan of its repository, unless a re-read cannot change "
                + "it (a binary file, a file still over the size cap).", "failed_inputs",
                failed, null));
        return new Report(r.name(), r.title(), r.subtitle(), r.dataLine(), r.cards(), s);
    }

    private Table q(String view) throws WarehouseException {
        return w.query("SELECT * FROM " + view);
    }

    /** What every report was made from: the generation, the coverage and the filters. */
    private String dataLine() throws WarehouseException {
        return dataLine("data generation ", "");
    }

    /** The generation, the coverage and the filters, the first two after the labels given. */
    private String dataLine(String generation, String coverage) throws WarehouseException {
        return generation + w.generation() + " | " + coverage + coverage()
                + (filters.isEmpty() ? "" : " | filters: " + filters);
    }

    /** A timestamp to the minute, "2026-02-12 16:45" (LocalDateTime.toString drops zero seconds, so no cutting). */
    static String minute(Object v) {
        return v instanceof LocalDateTime t ? MINUTE.format(t) : Table.text(v);
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private static String num(Object v) {
        return v == null ? "n/a" : Table.text(v);
    }

    public Report scope() throws WarehouseException {
        Table org = q("rpt_scope_org");
        Table repos = q("rpt_scope_repos");
        Table tiers = q("rpt_scope_tiers");
        Table byTier = q("rpt_files_by_tier");
        Table cats = q("rpt_migration_categories");
        Table patterns = q("rpt_patterns");
        Table manual = q("rpt_manual_review");
        Table deps = q("rpt_dependency_blockers");
        Table broken = q("rpt_broken_names");
        Table suppressed = q("rpt_suppressed");
        List<Card> cards = List.of(
                new Card("repositories (" + num(org.get(0, "repos_failed")) + " failed)", num(org.get(0, "repos"))),
                new Card("files with legacy usage", num(org.get(0, "files_with_legacy"))),
                legacySites(org, 0),
                new Card("% migrated (direct references)", num(org.get(0, "pct_migrated")) + "%"),
                new Card("direct references (legacy / anyio)", num(org.get(0, "legacy_refs")) + " / "
                        + num(org.get(0, "anyio_refs"))),
                new Card("derived method facts (legacy / anyio)", num(org.get(0, "legacy_derived")) + " / "
                        + num(org.get(0, "anyio_derived"))),
                brokenSites(org, 0, "files_with_broken"),
                new Card("half-migrated files (legacy and anyio imported)", num(org.get(0, "half_migrated_files"))),
                new Card("blocker sites", num(org.get(0, "blocker_sites"))),
                new Card("dependency blockers", num(org.get(0, "dependency_blockers"))),
                new Card("estimated effort (hours)", num(org.get(0, "est_hours"))));
        List<Section> s = new ArrayList<>();
        s.add(new Section(1, "Organisation totals", "At each repository's head. Legacy sites = imports + direct "
                + "references + derived method facts (the progress report's legacy sites for the same snapshot). "
                + PCT_MIGRATED + " Half-migrated files import a legacy library and anyio.",
                "scope_org", org, null));
        s.add(Section.text(1, "Path classes", pathClasses()));
        s.add(new Section(2, "Sites per path class", "Every class at head, counted or not (rules: "
                + "src/catalog/path_classes.yaml; overrides: --include, --exclude, anyscope.toml).", "path_classes",
                q("rpt_path_classes"), null));
        s.add(Section.text(1, "Migration statistics", brokenLine(org, 0, "files_with_broken", broken) + "\n\n"
                + suppressedLine(q("rpt_suppressed_summary")) + "\n\n"
                + findingsLine(q("rpt_findings_summary")) + "\n\n"
                + statistics(org, byTier, patterns, manual, deps)));
        s.add(new Section(1, "Repositories", "Sites by effort tier and the estimated effort per repository.",
                "scope_repos", repos,
                tiers.size() == 0 ? null : tierChart(tiers)));
        s.add(new Section(1, "Teams", "Furthest behind first.", "scope_teams", q("rpt_scope_teams"), null));
        s.add(new Section(1, "Pattern counts per category", null, "migration_categories", cats, null));
        s.add(new Section(1, "Patterns", null, "patterns", patterns, null));
        s.add(new Section(1, "Requires manual review", "Patterns in the manual and blocker tiers, and why.",
                "manual_review", manual, null));
        s.add(new Section(1, "Broken by the migration", "References to a tracked library's name that is not in its "
                + "public API (missing name), and library names used without an import (unbound), at head; fix: the "
                + "catalog's AnyIO equivalent of the name it was copied from.", "broken_names", broken, null));
        s.add(new Section(1, "Introduced by the migration", "Migration mistakes at head found by the rules of "
                + "src/catalog/rules/mistakes.yaml (awaiting start_soon(), a coroutine passed to anyio.run(), a plain "
                + "except around a task group, names AnyIO removed, ...), per rule, then each finding with its fix.",
                "findings_by_rule", q("rpt_findings_by_rule"), null));
        s.add(new Section(2, "Findings", null, "findings", q("rpt_findings"), null));
        s.add(new Section(1, "Suppressed in code", "Legacy and broken sites at head named by a `# anyscope: "
                + "ignore[...]` comment: hidden from `anyscope check` only, still counted above.", "suppressed_sites",
                suppressed, null));
        s.add(new Section(1, "Dependency blockers", "Declared dependencies on legacy or blocker libraries at head.",
                "dependency_blockers", deps, null));
        s.add(new Section(1, "Drill-down by directory", null, "scope_dirs", q("rpt_scope_dirs"), null));
        s.add(new Section(1, "Drill-down by file", "Estimated minutes per file from the effort weights.",
                "scope_files", q("rpt_scope_files"), null));
        return new Report("scope", "Migration scope: asyncio/trio to AnyIO", "At each repository's head", dataLine(),
                cards, s);
    }

    /**
     * Legacy sites by effort tier for the {@link #TOP_BARS} repositories with most, and one bar for the others;
     * horizontal bars (repository names stay readable), tiers coloured by name.
     */
    private String tierChart(Table tiers) {
        Map<String, Map<String, Double>> byRepo = new LinkedHashMap<>();
        Map<String, Double> total = new LinkedHashMap<>();
        List<String> tierOrder = new ArrayList<>();
        for (List<Object> r : tiers.rows()) {
            String repo = String.valueOf(r.get(tiers.column("repo")));
            String tier = String.valueOf(r.get(tiers.column("tier")));
            double v = r.get(tiers.column("sites")) instanceof Number n ? n.doubleValue() : 0;
            if (!tierOrder.contains(tier)) {
                tierOrder.add(tier);
            }
            byRepo.computeIfAbsent(repo, k -> new LinkedHashMap<>()).put(tier, v);
            total.merge(repo, v, Double::sum);
        }
        List<String> repos = new ArrayList<>(byRepo.keySet());
        repos.removeIf(r -> total.get(r) == 0);
        repos.sort(java.util.Comparator.comparing((String r) -> -total.get(r)).thenComparing(r -> r));
        List<String> labels = new ArrayList<>(repos.subList(0, Math.min(TOP_BARS, repos.size())));
        int rest = repos.size() - labels.size();
        Map<String, List<Double>> byTier = new LinkedHashMap<>();
        for (String t : tierOrder) {
            List<Double> v = new ArrayList<>();
            for (String repo : labels) {
                v.add(byRepo.get(repo).getOrDefault(t, 0.0));
            }
            if (rest > 0) {
                double o = 0;
                for (String repo : repos.subList(labels.size(), repos.size())) {
                    o += byRepo.get(repo).getOrDefault(t, 0.0);
                }
                v.add(o);
            }
            byTier.put(t, v);
        }
        if (rest > 0) {
            labels.add("others (" + rest + " repositories)");
        }
        return WebCharts.bar("Legacy sites by effort tier" + (rest > 0 ? ", the " + TOP_BARS
                + " repositories with most" : ""), labels, WebCharts.tierSeries(tierOrder, byTier), "legacy sites",
                true, true);
    }

    /**
     * The path classes the figures count, then one line per class they leave out (rpt_path_classes), at each
     * repository's head: "archived: 487 legacy sites in 120 files (130 tracked files; not counted)".
     */
    private String pathClasses() throws WarehouseException {
        if (pathClasses == null) {
            pathClasses = pathClassText(q("rpt_path_classes"));
        }
        return pathClasses;
    }

    private static String pathClassText(Table t) {
        List<String> counted = new ArrayList<>();
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            if (Boolean.TRUE.equals(t.get(i, "counted"))) {
                counted.add(String.valueOf(t.get(i, "path_class")));
            } else {
                others.append("- ").append(t.get(i, "line")).append('\n');
            }
        }
        return "**Counted:** files of the path classes " + (counted.isEmpty() ? "(none at head)"
                : String.join(", ", counted)) + " (`report --path-classes` changes the set). "
                + (others.length() == 0 ? "No files of other classes at head."
                : "Not counted, at each repository's head:\n\n" + others);
    }

    /** "Suppressed in code: 4 sites in 2 files (1 without a reason) ..." from rpt_suppressed_summary. */
    static String suppressedLine(Table summary) {
        return "**Suppressed in code:** " + num(summary.get(0, "sites")) + " legacy and broken sites in "
                + num(summary.get(0, "files")) + " files carry `# anyscope: ignore[...]` ("
                + num(summary.get(0, "without_reason")) + " without a reason, which suppresses nothing); they are "
                + "hidden from `anyscope check` only and still count as work here.";
    }

    /** "Introduced by the migration: 3 findings in 2 files (2 errors), by rule: ..." from rpt_findings_summary. */
    static String findingsLine(Table summary) {
        String byRule = String.valueOf(summary.get(0, "by_rule"));
        return "**Introduced by the migration:** " + num(summary.get(0, "findings")) + " findings in "
                + num(summary.get(0, "files")) + " files (errors: " + num(summary.get(0, "errors")) + ")"
                + (byRule.isEmpty() ? "." : ", by rule: " + byRule + ".");
    }

    static final String PCT_MIGRATED = "% migrated counts direct references only: 100 × anyio / (legacy + broken + "
            + "anyio), imports and derived method facts excluded; broken sites count as not migrated.";

    /**
     * The headline "legacy sites" card of the scope and progress reports, from row {@code row} of a table with the
     * columns of mart_file_sites (legacy_sites, legacy_imports, legacy_refs, legacy_derived): one rendering for both.
     */
    static Card legacySites(Table t, int row) {
        return new Card("legacy sites (" + num(t.get(row, "legacy_imports")) + " imports, "
                + num(t.get(row, "legacy_refs")) + " direct references, " + num(t.get(row, "legacy_derived"))
                + " derived)", num(t.get(row, "legacy_sites")));
    }

    static Card brokenSites(Table t, int row, String filesColumn) {
        return new Card("broken by the migration (sites in " + num(t.get(row, filesColumn)) + " files)",
                num(t.get(row, "broken_sites")));
    }

    /** "broken by the migration: 330 sites in 76 files, top names ..." with each name's fix from the catalog. */
    static String brokenLine(Table t, int row, String filesColumn, Table names) {
        StringBuilder b = new StringBuilder("**Broken by the migration:** ").append(num(t.get(row, "broken_sites")))
                .append(" sites in ").append(num(t.get(row, filesColumn))).append(" files");
        if (names.size() == 0) {
            return b.append('.').toString();
        }
        b.append(", top names: ");
        for (int i = 0; i < names.size() && i < 5; i++) {
            String fix = (String) names.get(i, "fix");
            b.append(i == 0 ? "" : "; ").append('`').append(names.get(i, "symbol")).append("` (")
                    .append(num(names.get(i, "sites"))).append(" sites, ").append(names.get(i, "broken_by"))
                    .append(", ").append(names.get(i, "tier")).append(") → ")
                    .append("(none)".equals(fix) ? "no direct equivalent" : code(fix));
        }
        return b.append(names.size() > 5 ? "; and " + (names.size() - 5) + " more names." : ".").toString();
    }

    /** The seeds' "Migration Statistics" write-up, generated. */
    private static String statistics(Table org, Table byTier, Table patterns, Table manual, Table deps) {
        StringBuilder b = new StringBuilder("### Files to modify\n\n");
        String[] label = {"Phase 1, mechanical (rename in place)", "Phase 2, structural (restructure)",
            "Phase 3, manual (case-by-case review)", "Blockers (no AnyIO equivalent)"};
        for (int i = 0; i < byTier.size() && i < label.length; i++) {
            b.append("- **").append(label[i]).append(":** ").append(num(byTier.get(i, "files"))).append(" files, ")
                    .append(num(byTier.get(i, "sites"))).append(" sites\n");
        }
        b.append("- **Total:** ").append(num(org.get(0, "files_with_legacy"))).append(" files with legacy usage, of ")
                .append(num(org.get(0, "python_files"))).append(" Python files at head; estimated ")
                .append(num(org.get(0, "est_hours"))).append(" hours\n\n");
        b.append("### Pattern migrations\n\n");
        int n = 0;
        for (List<Object> r : patterns.rows()) {
            if (++n > 12) {
                b.append("- ... and ").append(patterns.size() - 12).append(" more patterns (table below)\n");
                break;
            }
            String eq = (String) r.get(patterns.column("anyio_equivalent"));
            b.append(n).append(". **").append(r.get(patterns.column("category"))).append("** (")
                    .append(num(r.get(patterns.column("files")))).append(" files, ")
                    .append(num(r.get(patterns.column("sites")))).append(" sites): `")
                    .append(r.get(patterns.column("symbol"))).append("` → ")
                    .append("(none)".equals(eq) ? "no direct equivalent" : code(eq))
                    .append(" _(").append(r.get(patterns.column("tier"))).append(")_\n");
        }
        if (patterns.size() == 0) {
            b.append("No legacy patterns left.\n");
        }
        b.append("\n### Requires manual review\n\n");
        for (List<Object> r : manual.rows()) {
            b.append("- `").append(r.get(manual.column("symbol"))).append("` (")
                    .append(num(r.get(manual.column("files")))).append(" files, ")
                    .append(num(r.get(manual.column("sites")))).append(" sites): ")
                    .append(r.get(manual.column("why"))).append('\n');
        }
        for (List<Object> r : deps.rows()) {
            b.append("- dependency `").append(r.get(deps.column("dependency"))).append("` in ")
                    .append(r.get(deps.column("repo"))).append(':').append(r.get(deps.column("path"))).append(':')
                    .append(r.get(deps.column("line"))).append(" (").append(r.get(deps.column("role")))
                    .append(" library): remove or replace it\n");
        }
        if (manual.size() == 0 && deps.size() == 0) {
            b.append("Nothing needs manual review.\n");
        }
        return b.toString();
    }

    public Report hotspots() throws WarehouseException {
        Table files = q("rpt_hotspot_files");
        Table top = w.query("SELECT repo || ':' || path AS file, score FROM rpt_hotspot_files ORDER BY rank LIMIT 15");
        Table withFindings = w.query("SELECT count(*) AS files, coalesce(sum(findings), 0) AS findings "
                + "FROM rpt_hotspot_files WHERE findings > 0");
        List<Card> cards = List.of(new Card("files with legacy sites or findings", String.valueOf(files.size())),
                new Card("migration mistakes (in " + num(withFindings.get(0, "files")) + " files)",
                        num(withFindings.get(0, "findings"))),
                new Card("top score", files.size() == 0 ? "n/a" : num(files.get(0, "score"))));
        List<Section> s = new ArrayList<>();
        s.add(Section.text(1, "Path classes", pathClasses()));
        s.add(new Section(1, "Hotspot files", "score = (Σ over legacy sites of category weight × risk weight + Σ "
                + "over migration mistakes (findings, see the scope report) of their severity's finding weight, like "
                + "a high-risk site; src/sql/risk_weights.csv) × churn = first-parent commits that changed the file in the trailing "
                + "weeks up to its repository's head commit (SET VARIABLE anyscope_churn_weeks, default 8; a file no "
                + "commit touched counts once).", "hotspot_files", files,
                top.size() == 0 ? null : WebCharts.bar("Top hotspot files by score", column(top, "file"),
                        List.of(new WebCharts.Series("score", numbers(top, "score"), WebCharts.palette(0))), "score",
                        false, true)));
        s.add(new Section(1, "Hotspot functions", "Same score per enclosing function (<module> for module level), "
                + "legacy sites only: findings count per file.",
                "hotspot_functions", q("rpt_hotspot_functions"), null));
        s.add(new Section(1, "Hotspot sites", "Each legacy site of the files above, in their rank order: its line "
                + "(linked to the code at the head commit), function, the AnyIO equivalent, tier and why (the catalog's "
                + "note).", "hotspot_sites", q("rpt_hotspot_sites"), null));
        return new Report("hotspots", "Migration hotspots", "Where the risk sits, at each repository's head",
                dataLine(), cards, s);
    }

    public Report progress() throws WarehouseException {
        Table org = q("rpt_progress_org");
        Table repos = q("rpt_progress_repos");
        Table velocity = q("rpt_velocity");
        Table last = q("rpt_regressions_last_week");
        Table recent = q("rpt_regressions_recent");
        Table broken = q("rpt_broken_names");
        // The x axis of every progress chart: the points in time order, across repositories.
        List<String> axis = column(w.query("SELECT axis FROM rpt_progress_repos GROUP BY axis ORDER BY min(date), axis"),
                "axis");
        Table reposByTime = w.query("SELECT repo, axis, legacy_sites, anyio_sites, broken_sites, pct_migrated "
                + "FROM rpt_progress_repos");
        Table kinds = w.query("SELECT period_kind, count(DISTINCT repo) AS repos FROM rpt_progress_repos "
                + "GROUP BY ALL ORDER BY repos DESC, period_kind");
        String orgKind = org.size() == 0 ? "week" : String.valueOf(org.get(0, "period_kind"));
        String per = per(orgKind, kinds);
        String unit = unit(orgKind);
        List<Card> cards = new ArrayList<>();
        if (org.size() > 0) {
            int l = org.size() - 1;
            cards.add(new Card(unit, num(org.get(l, "period"))));
            cards.add(legacySites(org, l));
            cards.add(new Card("anyio sites", num(org.get(l, "anyio_sites"))));
            cards.add(new Card("% migrated (direct references)", num(org.get(l, "pct_migrated")) + "%"));
            cards.add(brokenSites(org, l, "broken_files"));
        }
        for (List<Object> r : velocity.rows()) {
            if ("org".equals(r.get(0))) {
                cards.add(new Card("velocity (legacy sites/" + unit + ")",
                        num(r.get(velocity.column("velocity_per_period")))));
                Object date = r.get(velocity.column("projected_completion"));
                cards.add(new Card("projected completion", date != null ? num(date)
                        : String.valueOf(r.get(velocity.column("trend")))));
            }
        }
        cards.add(new Card("regressions last " + unit, String.valueOf(last.size())));
        if (org.size() > 0) {
            int l = org.size() - 1;
            cards.add(new Card("migration mistakes (new / fixed last " + unit + ")", num(org.get(l, "findings"))
                    + " (" + num(org.get(l, "new_findings")) + " / " + num(org.get(l, "fixed_findings")) + ")"));
        }
        List<Section> s = new ArrayList<>();
        s.add(Section.text(1, "Path classes", pathClasses()));
        if (org.size() > 0) {
            s.add(Section.text(1, "Broken by the migration", brokenLine(org, org.size() - 1, "broken_files", broken)
                    + " Counted as not migrated; the fixes are listed in the scope report."));
        }
        s.add(new Section(1, "Organisation burn-down", "Progress " + per + "; legacy and anyio sites are imports + "
                + "direct references + derived method facts (each column also given apart). " + PCT_MIGRATED
                + " Each point sums every repository's latest complete snapshot at that point's time.",
                "progress_org", org, org.size() == 0 ? null
                : WebCharts.line("Legacy, broken and AnyIO sites, all repositories", column(org, "axis"), List.of(
                        new WebCharts.Series("legacy sites", numbers(org, "legacy_sites"),
                                WebCharts.STATUS_COLOURS.get("legacy")),
                        new WebCharts.Series("anyio sites", numbers(org, "anyio_sites"),
                                WebCharts.STATUS_COLOURS.get("anyio")),
                        new WebCharts.Series("broken sites", numbers(org, "broken_sites"),
                                WebCharts.STATUS_COLOURS.get("broken"))), "sites", 340)));
        s.add(new Section(1, "Velocity and projection", "Velocity = drop in legacy sites per period of the series "
                + "(velocity_per_period; velocity_per_week by the points' dates) over the trailing periods (SET "
                + "VARIABLE anyscope_velocity_weeks, default 4: weeks, months, or tags/commits); projected completion "
                + "= the date the legacy count reaches zero at that pace (for tags and commits: periods of the "
                + "window's mean length between tag or commit dates); trend says converging, done (the date it "
                + "reached zero) or not converging (no date).", "velocity", velocity,
                null));
        s.add(new Section(1, "Regressions last " + unit, "Legacy and broken sites (status) that appeared in the newest "
                + unit + " (matched by path, symbol and trimmed source line against each repository's previous point, "
                + "following renamed and copied files, so moved lines are not regressions). Commit and author: the "
                + "newest first-parent commit of that period that changed the file (attributed_by change), else the "
                + "point's snapshot commit (snapshot).",
                "regressions_last_week", last, null));
        s.add(new Section(1, "Regressions in the trailing periods", null, "regressions_recent", recent, null));
        Table findingsLong = w.query("SELECT axis, 'open' AS series, findings AS n FROM rpt_progress_org "
                + "UNION ALL SELECT axis, 'new', new_findings FROM rpt_progress_org "
                + "UNION ALL SELECT axis, 'fixed', fixed_findings FROM rpt_progress_org");
        boolean anyFindings = w.query("SELECT 1 FROM rpt_progress_org WHERE findings + new_findings + fixed_findings "
                + "> 0 LIMIT 1").size() > 0;
        s.add(new Section(1, "Migration mistakes " + per, "Findings of the migration-mistake rules (see the scope "
                + "report) at each point (open), and how many appeared (new: regressions) and went (fixed) since the "
                + "previous point; columns findings, new_findings and fixed_findings of the burn-down tables.", null,
                null, anyFindings ? WebCharts.line("Migration mistakes: open, new and fixed", axis,
                        findingSeries(WebCharts.dense(findingsLong, "series", "axis", "n", axis)), "findings", 300)
                        : null));
        s.add(new Section(2, "New migration mistakes", "Findings that appeared at a point of a repository's series "
                + "(absent from its previous complete point, following renamed and copied files), newest first, "
                + "with the commit and author that introduced them: the newest first-parent commit of that period "
                + "that changed the file (attributed_by change), else the point's snapshot commit.",
                "finding_regressions", q("rpt_finding_regressions"), null));
        s.add(new Section(2, "Fixed migration mistakes", "Findings of a point's previous complete point that are gone "
                + "(line edited or removed, file deleted; not a move), newest first, with the commit that changed "
                + "the file.", "finding_fixes", q("rpt_finding_fixes"), null));
        if (repos.size() > 0) {
            Map<String, List<Double>> legacy = WebCharts.dense(reposByTime, "repo", "axis", "legacy_sites", axis);
            Map<String, Double> rank = new LinkedHashMap<>();
            legacy.forEach((repo, v) -> rank.put(repo, v.get(v.size() - 1) == null ? 0 : v.get(v.size() - 1)));
            Map<String, List<Double>> anyio = WebCharts.dense(reposByTime, "repo", "axis", "anyio_sites", axis);
            Map<String, List<Double>> brokenSites = WebCharts.dense(reposByTime, "repo", "axis", "broken_sites", axis);
            Map<String, Map<String, List<Double>>> each = new LinkedHashMap<>();
            for (String repo : legacy.keySet()) {
                Map<String, List<Double>> m = new LinkedHashMap<>();
                m.put("legacy", legacy.get(repo));
                m.put("anyio", anyio.get(repo));
                m.put("broken", brokenSites.get(repo));
                each.put(repo, m);
            }
            s.add(new Section(1, "Burn-down per repository", "The " + Math.min(TOP_SERIES, legacy.size())
                    + " repositories with most legacy sites at their newest point, the others summed (each "
                    + "repository's newest point carried forward, as in the organisation's series); below, any "
                    + "repository's own burn-down. Every point of every repository is in the table.",
                    "progress_repos", repos, WebCharts.line("Legacy sites per repository", axis,
                            WebCharts.topAndOthers(legacy, rank, TOP_SERIES, "repositories"), "legacy sites", 340)
                            + WebCharts.picker("Burn-down", "Repository", axis, each, rank)));
            Map<String, List<Double>> pct = WebCharts.dense(reposByTime, "repo", "axis", "pct_migrated", axis);
            List<WebCharts.Series> top = WebCharts.topAndOthers(legacy, rank, TOP_SERIES, "repositories");
            List<WebCharts.Series> pctSeries = new ArrayList<>();
            for (WebCharts.Series t : top) {
                if (pct.containsKey(t.label())) {
                    pctSeries.add(new WebCharts.Series(t.label(), pct.get(t.label()), t.colour()));
                }
            }
            s.add(new Section(2, "% migrated per repository", "The same " + pctSeries.size() + " repositories; the "
                    + "organisation's % migrated is in its burn-down table.", null, null,
                    WebCharts.line("% migrated per repository", axis, pctSeries, "% migrated", 300)));
        }
        return new Report("progress", "Migration progress",
                "Burn-down " + per + ", velocity and regressions", dataLine(), cards, s);
    }

    /** The values of a column as text, in row order. */
    static List<String> column(Table t, String name) {
        List<String> out = new ArrayList<>();
        int i = t.column(name);
        for (List<Object> r : t.rows()) {
            out.add(Table.text(r.get(i)));
        }
        return out;
    }

    /** The values of a numeric column (null where not a number), in row order. */
    static List<Double> numbers(Table t, String name) {
        List<Double> out = new ArrayList<>();
        int i = t.column(name);
        for (List<Object> r : t.rows()) {
            out.add(r.get(i) instanceof Number n ? n.doubleValue() : null);
        }
        return out;
    }

    /** The unit of a series kind: week, month, tag, commit (the organisation's tag+commit: point). */
    static String unit(String kind) {
        return switch (kind) {
            case "week", "month", "tag", "commit" -> kind;
            default -> "point";
        };
    }

    /**
     * How the report's series run: "per tag" when every repository has the organisation's kind, else the
     * organisation's kind and each kind of the repositories' series ("per week (repositories: 2 per week, 1 per
     * tag)").
     */
    /** The open, new and fixed findings series of the progress chart, in that order. */
    private static List<WebCharts.Series> findingSeries(Map<String, List<Double>> bySeries) {
        List<WebCharts.Series> out = new ArrayList<>();
        int i = 0;
        for (String name : List.of("open", "new", "fixed")) {
            out.add(new WebCharts.Series(name, bySeries.getOrDefault(name, List.of()), WebCharts.palette(i++)));
        }
        return out;
    }

    static String per(String orgKind, Table repoKinds) {
        String head = "per " + unit(orgKind);
        if (repoKinds.size() <= 1) {
            return head;
        }
        List<String> parts = new ArrayList<>();
        for (List<Object> r : repoKinds.rows()) {
            parts.add(Table.text(r.get(1)) + " per " + unit(String.valueOf(r.get(0))));
        }
        return head + " (repositories: " + String.join(", ", parts) + ")";
    }

    /** Inline code for a catalog text; a text that already holds code spans is Markdown as it stands. */
    static String code(String text) {
        return text == null ? "" : text.contains("`") ? text : "`" + text + "`";
    }
}
