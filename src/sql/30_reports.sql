-- anyscope analytics: report queries. Every rpt_ view selects from marts only (never staging); the report
-- command renders each one as a table (HTML, Markdown, CSV, JSON). Numbers are rounded here for display.

-- SCOPE ------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW rpt_scope_org AS          -- grain: one row (the organisation, after filters)
SELECT count(*) AS repos, count(*) FILTER (WHERE status = 'ok') AS repos_ok,
       count(*) FILTER (WHERE status = 'partial') AS repos_partial, count(*) FILTER (WHERE status = 'failed') AS repos_failed,
       CAST(sum(python_files) AS BIGINT) AS python_files, CAST(sum(files_with_legacy) AS BIGINT) AS files_with_legacy,
       CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(legacy_refs) AS BIGINT) AS legacy_refs, CAST(sum(legacy_imports) AS BIGINT) AS legacy_imports,
       CAST(sum(legacy_derived) AS BIGINT) AS legacy_derived, CAST(sum(anyio_refs) AS BIGINT) AS anyio_refs, CAST(sum(anyio_derived) AS BIGINT) AS anyio_derived,
       CAST(sum(broken_sites) AS BIGINT) AS broken_sites, CAST(sum(files_with_broken) AS BIGINT) AS files_with_broken,
       CAST(sum(half_migrated_files) AS BIGINT) AS half_migrated_files,
       round(anyscope_pct_migrated(CAST(sum(anyio_refs) AS BIGINT), CAST(sum(legacy_refs) AS BIGINT) + CAST(sum(broken_refs) AS BIGINT)), 1) AS pct_migrated,
       CAST(sum(mechanical_sites) AS BIGINT) AS mechanical_sites, CAST(sum(structural_sites) AS BIGINT) AS structural_sites,
       CAST(sum(manual_sites) AS BIGINT) AS manual_sites, CAST(sum(blocker_sites) AS BIGINT) AS blocker_sites,
       CAST(sum(dependency_blockers) AS BIGINT) AS dependency_blockers,
       round(sum(est_minutes) / 60.0, 1) AS est_hours
FROM mart_scope_repo;

-- Every path class of the organisation's head snapshots (rules file order), counted or not, with its one-line summary:
-- "archived: 487 legacy sites in 120 files (not counted)". Classes no file has are left out.
CREATE OR REPLACE VIEW rpt_path_classes AS       -- grain: one row per path class with tracked files at head
SELECT m.path_class, any_value(c.label) AS label, bool_or(m.counted) AS counted, CAST(sum(m.tracked_files) AS BIGINT) AS tracked_files,
       CAST(sum(m.python_files) AS BIGINT) AS python_files, CAST(sum(m.files_with_legacy) AS BIGINT) AS files_with_legacy,
       CAST(sum(m.legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(m.anyio_sites) AS BIGINT) AS anyio_sites, CAST(sum(m.broken_sites) AS BIGINT) AS broken_sites,
       m.path_class || ': ' || format('{:,}', CAST(sum(m.legacy_sites) AS BIGINT))
         || (CASE WHEN CAST(sum(m.legacy_sites) AS BIGINT) = 1 THEN ' legacy site in ' ELSE ' legacy sites in ' END)
         || format('{:,}', CAST(sum(m.files_with_legacy) AS BIGINT))
         || (CASE WHEN CAST(sum(m.files_with_legacy) AS BIGINT) = 1 THEN ' file' ELSE ' files' END)
         || (CASE WHEN CAST(sum(m.broken_sites) AS BIGINT) > 0 THEN ', ' || format('{:,}', CAST(sum(m.broken_sites) AS BIGINT)) || ' broken' ELSE '' END)
         || ' (' || format('{:,}', CAST(sum(m.tracked_files) AS BIGINT)) || ' tracked '
         || (CASE WHEN CAST(sum(m.tracked_files) AS BIGINT) = 1 THEN 'file' ELSE 'files' END)
         || (CASE WHEN bool_or(m.counted) THEN '; counted)' ELSE '; not counted)' END) AS line
FROM mart_scope_path_class m LEFT JOIN ref_path_classes c USING (path_class)
GROUP BY m.path_class ORDER BY min(coalesce(c.class_order, 999)), m.path_class;

CREATE OR REPLACE VIEW rpt_scope_repos AS        -- grain: one row per repository
SELECT repo, team, status, python_files, files_with_legacy, legacy_sites, legacy_refs, anyio_refs,
       round(pct_migrated, 1) AS pct_migrated, legacy_imports, legacy_derived, broken_sites, files_with_broken,
       half_migrated_files, mechanical_sites, structural_sites, manual_sites, blocker_sites,
       dependency_blockers, dependency_blocker_names, round(est_hours, 1) AS est_hours
FROM mart_scope_repo ORDER BY est_minutes DESC, repo;

CREATE OR REPLACE VIEW rpt_scope_tiers AS        -- grain: one row per (repository, effort tier): for the stacked bars
SELECT r.repo, t.tier, CASE t.tier WHEN 'mechanical' THEN r.mechanical_sites WHEN 'structural' THEN r.structural_sites
                                   WHEN 'manual' THEN r.manual_sites ELSE r.blocker_sites END AS sites
FROM mart_scope_repo r CROSS JOIN (SELECT tier, tier_order FROM ref_effort_tiers WHERE tier <> 'none') t
ORDER BY r.repo, t.tier_order;

CREATE OR REPLACE VIEW rpt_scope_dirs AS         -- grain: one row per (repository, directory) with legacy sites
SELECT repo, dir, files_with_legacy, legacy_sites, legacy_refs, anyio_refs, round(pct_migrated, 1) AS pct_migrated,
       legacy_derived, broken_sites, half_migrated_files, mechanical_sites, structural_sites, manual_sites, blocker_sites, round(est_minutes / 60.0, 1) AS est_hours
FROM mart_scope_dir WHERE legacy_sites > 0 OR broken_sites > 0 OR half_migrated_files > 0 ORDER BY est_minutes DESC, repo, dir;

CREATE OR REPLACE VIEW rpt_scope_files AS        -- grain: one row per (repository, file) with legacy or broken sites, or half-migrated
SELECT repo, path, legacy_sites, legacy_refs, legacy_imports, anyio_refs, round(pct_migrated, 1) AS pct_migrated,
       mechanical_sites, structural_sites, manual_sites, blocker_sites, est_minutes, legacy_derived, broken_sites,
       half_migrated, path_class
FROM mart_scope_file WHERE legacy_sites > 0 OR broken_sites > 0 OR half_migrated ORDER BY est_minutes DESC, repo, path;

CREATE OR REPLACE VIEW rpt_scope_teams AS        -- grain: one row per team
SELECT team, repos, files_with_legacy, legacy_refs, anyio_refs, round(pct_migrated, 1) AS pct_migrated,
       broken_sites, half_migrated_files, blocker_sites, dependency_blockers, round(est_hours, 1) AS est_hours
FROM mart_scope_team ORDER BY pct_migrated NULLS FIRST, team;

CREATE OR REPLACE VIEW rpt_migration_categories AS -- grain: one row per catalog category with legacy sites ("pattern counts")
SELECT category_label AS category, CAST(sum(sites) AS BIGINT) AS sites, coalesce(CAST(sum(sites) FILTER (WHERE NOT is_import) AS BIGINT), 0) AS references,
       max(files) AS max_files_per_pattern, count(*) AS patterns,
       nullif(array_to_string(list_sort(list_distinct(flatten(list(anyio_equivalents)))), ', '), '') AS anyio_equivalents
FROM mart_patterns_head GROUP BY category_label ORDER BY sites DESC, category;

CREATE OR REPLACE VIEW rpt_patterns AS           -- grain: one row per legacy pattern (symbol and tier)
SELECT symbol, category_label AS category, tier, sites, files, repos,
       coalesce(nullif(array_to_string(anyio_equivalents, '; '), ''), '(none)') AS anyio_equivalent
FROM mart_patterns_head ORDER BY sites DESC, symbol;

CREATE OR REPLACE VIEW rpt_manual_review AS      -- grain: one row per pattern that needs a human (tiers manual and blocker)
SELECT symbol, category_label AS category, tier, sites, files, repos,
       CASE WHEN tier = 'blocker' AND category = 'module' THEN 'blocker library imported: remove it or isolate it behind an AnyIO-neutral API'
            WHEN tier = 'blocker' THEN 'no AnyIO equivalent: redesign or keep behind a backend-specific module'
            WHEN category = 'uncatalogued' THEN 'not in the catalog: classify it (and add a catalog entry)'
            ELSE 'needs a case-by-case decision (' || lower(category_label) || ')' END AS why
FROM mart_patterns_head WHERE tier IN ('manual', 'blocker') ORDER BY tier DESC, sites DESC, symbol;

CREATE OR REPLACE VIEW rpt_broken_names AS       -- grain: one row per broken name (symbol, kind of break, tier) at head, most sites first
SELECT symbol, broken_by, tier, sites, files, repos, coalesce(anyio_equivalent, '(none)') AS fix
FROM mart_broken_head ORDER BY sites DESC, symbol, broken_by, tier;

CREATE OR REPLACE VIEW rpt_dependency_blockers AS -- grain: one row per dependency declaration on a legacy/blocker library at head
SELECT repo, path, line, dependency, spec, library, role FROM mart_dependency_blockers ORDER BY role, repo, path, line;

-- HOTSPOTS ---------------------------------------------------------------------------------------------------------
-- A column NAME_url is the link of column NAME (src/sql/29_browse.sql): HTML and Markdown show NAME as a link to it,
-- CSV and JSON keep it as a column. NULL when the repository has no browse URL template.
CREATE OR REPLACE VIEW rpt_hotspot_files AS      -- grain: one row per file with legacy sites or findings, ranked
SELECT f.rank, f.repo, f.path, round(f.score, 1) AS score, round(f.base_score, 1) AS base_score, f.churn, f.legacy_sites,
       f.findings, f.top_categories, f.finding_rules, f.path_class,
       anyscope_browse_line(b.browse_url, b.head_commit, f.path, 1) AS path_url
FROM mart_hotspot_files f LEFT JOIN mart_repo_browse b USING (repo_id) ORDER BY f.rank, f.repo, f.path;

-- function_url: the function's first legacy site.
CREATE OR REPLACE VIEW rpt_hotspot_functions AS  -- grain: one row per function with legacy sites, ranked
SELECT f.rank, f.repo, f.path, f.function, round(f.score, 1) AS score, round(f.base_score, 1) AS base_score, f.churn,
       f.legacy_sites, f.categories, l.file_url AS path_url, l.site_url AS function_url
FROM mart_hotspot_functions f
LEFT JOIN (SELECT repo_id, path, function, arg_min(file_url, line) AS file_url, arg_min(site_url, line) AS site_url
           FROM mart_hotspot_site_links GROUP BY ALL) l USING (repo_id, path, function)
ORDER BY f.rank, f.repo, f.path, f.function;

-- The hotspot sites (mart_hotspot_sites): each legacy site at head, files in hotspot rank order, then by line; why:
-- the catalog entry's note (src/catalog/entries), else its category.
CREATE OR REPLACE VIEW rpt_hotspot_sites AS      -- grain: one row per legacy site per file path at head
SELECT f.rank AS file_rank, s.repo, s.path, s.line, s.col, s.function, s.symbol, trim(s.source_line) AS source_line,
       coalesce(s.anyio_equivalent, '(none)') AS anyio_equivalent, s.tier, s.category,
       round(s.site_weight, 1) AS site_weight, s.churn, coalesce(n.note, c.label, s.category) AS why,
       s.file_url AS path_url, s.site_url AS line_url
FROM mart_hotspot_site_links s
JOIN mart_hotspot_files f USING (repo_id, path)
LEFT JOIN ref_catalog_notes n ON n.rule_id = s.rule_id
LEFT JOIN ref_categories c ON c.category = s.category
ORDER BY f.rank, s.repo, s.path, s.line, s.col, s.symbol;

-- PROGRESS ---------------------------------------------------------------------------------------------------------
-- period: the point's label (2026-W07, 2026-02, a tag, a commit); period_kind: week, month, tag or commit (the
-- organisation's: see mart_progress_org_week); date: the point's date on the axis (first day of a week or month, the
-- commit date of a tag or commit); axis: the chart's label, the period with its date for tags and commits.
CREATE OR REPLACE VIEW rpt_progress_org AS       -- grain: one row per point of the organisation's series
SELECT period, period_kind, point_date AS date, period_start, repos, legacy_sites, anyio_sites,
       round(pct_migrated, 1) AS pct_migrated,
       legacy_imports, legacy_refs, legacy_derived, anyio_refs, broken_sites, broken_files, findings, new_findings,
       fixed_findings,
       CASE WHEN period_kind IN ('week', 'month') THEN period ELSE period || ' (' || point_date || ')' END AS axis
FROM mart_progress_org_week ORDER BY point_time;

CREATE OR REPLACE VIEW rpt_progress_repos AS     -- grain: one row per (repository, point of its series)
SELECT repo, period, period_kind, point_date AS date, period_start, legacy_sites, anyio_sites,
       round(pct_migrated, 1) AS pct_migrated,
       legacy_imports, legacy_refs, legacy_derived, anyio_refs, broken_sites, broken_files, findings, new_findings,
       fixed_findings,
       CASE WHEN period_kind IN ('week', 'month') THEN period ELSE period || ' (' || point_date || ')' END AS axis
FROM mart_progress_repo_week ORDER BY repo, point_time, point_seq;

CREATE OR REPLACE VIEW rpt_velocity AS           -- grain: one row per repository plus the organisation
SELECT level, name, period_kind, from_week AS from_period, to_week AS to_period, periods, legacy_then, legacy_now,
       anyio_now, round(velocity_per_period, 2) AS velocity_per_period, round(velocity_per_week, 2) AS velocity_per_week,
       trend, projected_completion
FROM mart_velocity ORDER BY level DESC, name;

-- The newest period: the organisation's newest point (its week, month, or tag/commit), i.e. the points of each
-- repository after the organisation's previous point and up to its newest one.
-- Regressions at the points after `after_time` and up to the organisation's newest point, with links to the line
-- and the commit; the two report views below differ only in where their period opens.
CREATE OR REPLACE MACRO anyscope_regressions_since(after_time) AS TABLE
SELECT r.repo, r.period, r.path, r.line, r.symbol, r.status, r.source_line, r.commit_id, r.author, r.author_time,
       r.attributed_by, r.period_kind,
       anyscope_browse_line(b.browse_url, r.snapshot_commit_id, r.path, r.line) AS line_url,
       anyscope_browse_commit(b.browse_commit_url, r.commit_id) AS commit_id_url,
       r.point_time, r.col
FROM mart_regressions r LEFT JOIN mart_repo_browse b USING (repo_id)
WHERE r.point_time <= (SELECT max(point_time) FROM mart_progress_org_week)
  AND r.point_time > coalesce(after_time, '-infinity'::TIMESTAMP);

CREATE OR REPLACE VIEW rpt_regressions_last_week AS -- grain: one row per regression in the newest period of the data set
SELECT * EXCLUDE (point_time)
FROM anyscope_regressions_since((SELECT arg_max(prev_point_time, point_time) FROM mart_progress_org_week))
ORDER BY repo, path, line, col, symbol;

-- The trailing window: the organisation's velocity window (mart_velocity, level 'org': anyscope_velocity_weeks
-- periods), regressions at its points.
CREATE OR REPLACE VIEW rpt_regressions_recent AS -- grain: one row per regression in the trailing velocity window
SELECT * EXCLUDE (point_time)
FROM anyscope_regressions_since((SELECT window_opens FROM mart_velocity WHERE level = 'org'))
ORDER BY point_time DESC, repo, path, line, col, symbol;

CREATE OR REPLACE VIEW rpt_files_by_tier AS      -- grain: one row per effort tier: files with at least one site of it
SELECT t.tier, count(DISTINCT f.repo_id || '/' || f.path) AS files, coalesce(CAST(sum(f.sites) AS BIGINT), 0) AS sites
FROM ref_effort_tiers t LEFT JOIN mart_scope_file_tier f USING (tier)
WHERE t.tier <> 'none' GROUP BY t.tier, t.tier_order ORDER BY t.tier_order;

-- COVERAGE (every report) -------------------------------------------------------------------------------------------
-- The coverage line every report's subtitle carries: "2 of 3 repositories complete; 1 file of 8,730 unread in svc".
-- Per repository that is not complete (up to three, the most unread first, then "and N more"): the unread files at
-- head, else the number of failed inputs elsewhere (history, older snapshots), else that it failed.
CREATE OR REPLACE VIEW rpt_coverage AS           -- grain: one row (the organisation, after filters)
WITH incomplete AS (
  SELECT repo, row_number() OVER (ORDER BY status = 'failed', unread_files DESC, failed_inputs DESC, repo) AS n,
         CASE WHEN status = 'failed' THEN repo || ' failed (nothing read at its head)'
              WHEN unread_files > 0 THEN format('{:,}', unread_files) || (CASE WHEN unread_files = 1 THEN ' file' ELSE ' files' END)
                                         || ' of ' || format('{:,}', tracked_files) || ' unread in ' || repo
              ELSE format('{:,}', failed_inputs) || (CASE WHEN failed_inputs = 1 THEN ' failed input' ELSE ' failed inputs' END)
                   || ' in the history of ' || repo END AS what
  FROM mart_coverage WHERE status <> 'ok'
)
SELECT (SELECT count(*) FROM mart_coverage) AS repos,
       (SELECT count(*) FILTER (WHERE status = 'ok') FROM mart_coverage) AS repos_complete,
       (SELECT count(*) FILTER (WHERE status = 'partial') FROM mart_coverage) AS repos_partial,
       (SELECT count(*) FILTER (WHERE status = 'failed') FROM mart_coverage) AS repos_failed,
       (SELECT coalesce(CAST(sum(unread_files) AS BIGINT), 0) FROM mart_coverage) AS unread_files,
       (SELECT coalesce(CAST(sum(failed_inputs) AS BIGINT), 0) FROM mart_coverage) AS failed_inputs,
       (SELECT count(*) FILTER (WHERE status = 'ok') FROM mart_coverage) || ' of '
         || (SELECT count(*) FROM mart_coverage)
         || (CASE WHEN (SELECT count(*) FROM mart_coverage) = 1 THEN ' repository' ELSE ' repositories' END)
         || ' complete'
         || coalesce((SELECT '; ' || string_agg(what, '; ' ORDER BY n) FROM incomplete WHERE n <= 3), '')
         || coalesce((SELECT '; and ' || count(*) || ' more' FROM incomplete WHERE n > 3 HAVING count(*) > 0), '')
         AS headline;

CREATE OR REPLACE VIEW rpt_failed_inputs AS      -- grain: one row per outstanding failed input
SELECT repo, path, kind, stage, snapshot, message
FROM mart_failed_inputs ORDER BY repo, path NULLS FIRST, stage, snapshot;

-- EXPLORE ----------------------------------------------------------------------------------------------------------
-- The explore pages' drill-down, at each repository's head: the organisation (rpt_scope_org) -> teams -> repositories
-- -> (a page per repository, explore/PAGE.html) directories -> files -> sites. Besides the browse links
-- (29_browse.sql), a NAME_url column links within the reports: a page ('explore/PAGE.html'), or a filter of a table of
-- the same page, '#TABLE:COLUMN=VALUE' (VALUE percent-encoded), which narrows table TABLE to the rows whose COLUMN is
-- VALUE (the page script reads it from the address, so a link from another page narrows too).
CREATE OR REPLACE VIEW rpt_explore_teams AS      -- grain: one row per team
SELECT team, repos, files_with_legacy, legacy_sites, broken_sites, round(pct_migrated, 1) AS pct_migrated,
       CAST(round(est_hours * 60) AS BIGINT) AS est_minutes, '#explore_repos:team=' || url_encode(team) AS team_url
FROM mart_scope_team ORDER BY est_minutes DESC, team;

-- page: the repository's page file name without .html: its name with characters other than letters, digits, '.',
-- '_' and '-' as '-' ('repo' before a name that is empty or starts with '.' or '-'), '-N' after it when names
-- collide.
CREATE OR REPLACE VIEW rpt_explore_repos AS      -- grain: one row per repository (all of them, failed ones too)
WITH n AS (
  SELECT r.*, regexp_replace(r.repo, '[^A-Za-z0-9._-]', '-', 'g') AS s FROM mart_scope_repo r
), p AS (
  SELECT n.*, CASE WHEN regexp_matches(s, '^[A-Za-z0-9_]') THEN s ELSE 'repo' || s END AS base FROM n
), u AS (
  SELECT p.*, CASE WHEN count(*) OVER (PARTITION BY base) > 1
                   THEN base || '-' || row_number() OVER (PARTITION BY base ORDER BY repo_id) ELSE base END AS page
  FROM p
)
SELECT u.repo, u.team, u.status, u.files_with_legacy, u.legacy_sites, u.broken_sites,
       round(u.pct_migrated, 1) AS pct_migrated, CAST(round(u.est_minutes) AS BIGINT) AS est_minutes, u.head_label,
       u.page, 'explore/' || u.page || '.html' AS repo_url, '#explore_repos:team=' || url_encode(u.team) AS team_url,
       b.head_url AS head_label_url
FROM u LEFT JOIN mart_repo_browse b USING (repo_id)
ORDER BY u.est_minutes DESC, u.repo;

CREATE OR REPLACE VIEW rpt_explore_dirs AS       -- grain: one row per (repository, directory) with tracked sites at head
SELECT repo, dir, files_with_legacy, legacy_sites, broken_sites, round(pct_migrated, 1) AS pct_migrated,
       CAST(round(est_minutes) AS BIGINT) AS est_minutes, '#explore_files:dir=' || url_encode(dir) AS dir_url
FROM mart_scope_dir ORDER BY repo, est_minutes DESC, dir;

-- sites: the file's rows in rpt_explore_sites (legacy and broken sites), linked to them; path: linked to the file.
CREATE OR REPLACE VIEW rpt_explore_files AS      -- grain: one row per (repository, file) with tracked sites at head
SELECT f.repo, f.dir, f.path, f.legacy_sites + f.broken_sites AS sites, f.legacy_sites, f.broken_sites, f.anyio_refs,
       round(f.pct_migrated, 1) AS pct_migrated, CAST(round(f.est_minutes) AS BIGINT) AS est_minutes, f.half_migrated,
       anyscope_browse_line(b.browse_url, b.head_commit, f.path, 1) AS path_url,
       CASE WHEN f.legacy_sites + f.broken_sites > 0 THEN '#explore_sites:path=' || url_encode(f.path) END AS sites_url
FROM mart_scope_file f LEFT JOIN mart_repo_browse b USING (repo_id)
ORDER BY f.repo, f.est_minutes DESC, f.path;

-- Every legacy and broken site at head of a counted file, with what it becomes and why (as rpt_hotspot_sites), its
-- line linked to the code at the head commit.
CREATE OR REPLACE VIEW rpt_explore_sites AS      -- grain: one row per legacy or broken site per file path at head
SELECT u.repo, u.path, u.line, u.col, u.function, u.symbol, trim(u.source_line) AS source_line,
       coalesce(u.anyio_equivalent, '(none)') AS anyio_equivalent, u.tier, u.category, u.status,
       coalesce(n.note, c.label, u.category) AS why,
       anyscope_browse_line(b.browse_url, u.commit_id, u.path, 1) AS path_url,
       anyscope_browse_line(b.browse_url, u.commit_id, u.path, u.line) AS line_url
FROM mart_usages_head u
LEFT JOIN mart_repo_browse b USING (repo_id)
LEFT JOIN ref_catalog_notes n ON n.rule_id = u.rule_id
LEFT JOIN ref_categories c ON c.category = u.category
WHERE u.status IN ('legacy', 'broken') AND u.counted
ORDER BY u.repo, u.path, u.line, u.col, u.symbol;
