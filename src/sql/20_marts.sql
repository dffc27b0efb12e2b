-- anyscope analytics: marts. Each view states its GRAIN. Marts read staging views and the ref_ tables only.
--
-- Conventions used throughout:
--   * role of a library comes from the catalog (src/catalog/catalog.yaml, mirrored in ref_library_roles below;
--     a unit test fails when the two drift apart).
--   * migration status of a site: 'legacy' (library role legacy or blocker), 'target' (anyio), 'neutral' (bridge
--     libraries such as sniffio, and any library the catalog does not list).
--   * imports are sites too (is_import = kind = 'import') and count for effort, scope and regressions, but
--     % migrated counts REFERENCES ONLY (non-import sites):
--        pct_migrated = 100 * target_refs / (legacy_refs + target_refs), NULL when both are 0.
--   * effort tier of a legacy site: 'blocker' when its library's role is blocker, else the catalog effort of the
--     fact, else 'manual' (an uncatalogued legacy API needs a human). Target and neutral sites have tier 'none'.
--   * site identity (to follow a site across snapshots without blame): (path, symbol, trimmed source line,
--     occurrence number of that triple in the file ordered by line). Moving code up or down does not change it;
--     renaming the file or editing the line does.
--   * changes (stg_changes): one row per first-parent commit and tracked path it changed relative to its first
--     parent. "At or before" a snapshot, and windows between snapshots, go by committer date (as the snapshots
--     were chosen); seq (the position on the first-parent line) orders changes within a window. When committer
--     dates go backwards along the first-parent line, a change can fall into the wrong window (README, Limitations).
--     Only first-parent commits are listed: a branch merged with a merge commit is attributed to the merge.

-- ---------------------------------------------------------------------------------------------------------------
-- Reference data
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE TABLE ref_library_roles AS    -- grain: one row per tracked library (mirror of catalog.yaml)
SELECT * FROM (VALUES
  ('asyncio',       'legacy',  'asyncio'),
  ('trio',          'legacy',  'trio'),
  ('anyio',         'target',  'anyio'),
  ('sniffio',       'bridge',  'sniffio'),
  ('trio_asyncio',  'blocker', 'trio-asyncio'),
  ('nest_asyncio',  'blocker', 'nest-asyncio'),
  ('uvloop',        'legacy',  'uvloop'),
  ('async_timeout', 'legacy',  'async-timeout'),
  ('aiofiles',      'legacy',  'aiofiles'),
  ('curio',         'legacy',  'curio')
) t(library, role, pypi);

CREATE OR REPLACE TABLE ref_categories AS        -- grain: one row per catalog category (mirror of catalog.yaml)
SELECT * FROM (VALUES
  ('task_spawning', 'Task spawning'), ('gathering', 'Gathering / joining'), ('timeouts', 'Timeouts'),
  ('sleep', 'Sleep / checkpoints'), ('sync_primitives', 'Synchronization primitives'),
  ('queues_streams', 'Queues and streams'), ('thread_bridge', 'Thread bridge'), ('event_loop', 'Event-loop access'),
  ('subprocess', 'Subprocess'), ('futures', 'Futures'), ('cancellation', 'Cancellation'), ('exceptions', 'Exceptions'),
  ('entry_points', 'Entry points'), ('low_level', 'Low-level / internals'), ('networking', 'Networking'),
  ('filesystem', 'Files and paths'), ('signals', 'Signal handling'), ('introspection', 'Introspection / utilities'),
  ('testing', 'Testing'), ('module', 'Module import'), ('third_party_blocker', 'Third-party asyncio-only API'),
  ('anyio_target', 'AnyIO (migration target)'), ('uncatalogued', 'Not in the catalog')
) t(category, label);

CREATE OR REPLACE TABLE ref_effort_tiers AS      -- grain: one row per effort tier, cheapest first
SELECT * FROM (VALUES ('none', 0), ('mechanical', 1), ('structural', 2), ('manual', 3), ('blocker', 4)) t(tier, tier_order);

-- Effort weights (overridable: SET VARIABLE anyscope_effort_weights = 'file.csv', or --weights FILE).
-- Columns: tier, minutes_per_site, minutes_per_file. A tier missing from the file costs 0.
CREATE OR REPLACE TABLE ref_effort_weights AS    -- grain: one row per effort tier
SELECT trim(tier) AS tier, CAST(minutes_per_site AS DOUBLE) AS minutes_per_site,
       CAST(minutes_per_file AS DOUBLE) AS minutes_per_file
FROM read_csv(getvariable('anyscope_effort_weights'), header = true, all_varchar = true);

-- Hotspot weights. Columns: dimension (category | risk), key, weight. Unlisted keys weigh 1.
CREATE OR REPLACE TABLE ref_risk_weights AS      -- grain: one row per (dimension, key)
SELECT trim(dimension) AS dimension, trim("key") AS "key", CAST(weight AS DOUBLE) AS weight
FROM read_csv(getvariable('anyscope_risk_weights'), header = true, all_varchar = true);

-- ---------------------------------------------------------------------------------------------------------------
-- Dimensions
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW mart_repos AS             -- grain: one row per repository (after the repo/team filters)
SELECT r.repo_id, r.name AS repo, coalesce(r.team, '(no team)') AS team, r.url, r.status, r.error,
       r.default_branch, r.head_commit, r.scanned_at
FROM stg_repos r
WHERE (getvariable('anyscope_repo') IS NULL OR r.name = getvariable('anyscope_repo'))
  AND (getvariable('anyscope_team') IS NULL OR r.team = getvariable('anyscope_team'));

-- The head snapshot of a repository: its 'head' snapshot, else the newest snapshot at the branch tip, else the
-- newest snapshot. prev_label: the previous WEEKLY snapshot of the same repository (weekly snapshots only);
-- prev_commit_time: that snapshot's commit_time.
-- in_since: the snapshot is a week starting on or after anyscope_since (always true without it).
CREATE OR REPLACE VIEW mart_snapshots AS         -- grain: one row per snapshot (repo_id, label)
WITH s AS (
  SELECT s.*, r.repo, r.team,
         row_number() OVER (PARTITION BY s.repo_id
                            ORDER BY (s.kind = 'head') DESC, s.is_head DESC, s.commit_time DESC,
                                     s.period_start DESC NULLS LAST, s.label DESC) = 1 AS is_head_snapshot
  FROM stg_snapshots s JOIN mart_repos r USING (repo_id)
), w AS (
  SELECT repo_id, label,
         lag(label) OVER (PARTITION BY repo_id ORDER BY period_start) AS prev_label,
         lag(commit_time) OVER (PARTITION BY repo_id ORDER BY period_start) AS prev_commit_time,
         row_number() OVER (PARTITION BY repo_id ORDER BY period_start) AS week_seq
  FROM s WHERE kind = 'week'
)
SELECT s.repo_id, s.repo, s.team, s.label, s.kind, s.period_start, s.period_end, s.commit_id, s.commit_time,
       s.author_time, s.author, s.is_head, s.repeated, s.is_head_snapshot, w.prev_label,
       w.prev_commit_time, w.week_seq,
       s.kind = 'week' AND (getvariable('anyscope_since') IS NULL
                            OR s.period_start >= CAST(getvariable('anyscope_since') AS DATE)) AS in_since
FROM s LEFT JOIN w USING (repo_id, label);

-- The changes of the repositories kept by the repo/team filters.
CREATE OR REPLACE VIEW mart_changes AS           -- grain: one row per (repo, first-parent commit, changed tracked path)
SELECT c.repo_id, r.repo, r.team, c.commit_id, c.parent_id, c.seq, c.commit_time, c.author_time, c.author, c.path,
       CASE WHEN contains(c.path, '/') THEN regexp_replace(c.path, '/[^/]*$', '') ELSE '.' END AS dir,
       c.change, c.old_blob_id, c.new_blob_id, c.parser
FROM stg_changes c JOIN mart_repos r USING (repo_id);

-- ---------------------------------------------------------------------------------------------------------------
-- Usages
-- ---------------------------------------------------------------------------------------------------------------
-- usages ⨝ blobs ⨝ files ⨝ snapshots. A blob present at two paths yields one row per path.
CREATE OR REPLACE VIEW mart_usages_snapshot AS   -- grain: one row per usage fact per file path per snapshot
SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.kind AS snapshot_kind, sn.period_start, sn.period_end,
       sn.is_head_snapshot, sn.commit_id, sn.author, sn.author_time,
       f.path, CASE WHEN contains(f.path, '/') THEN regexp_replace(f.path, '/[^/]*$', '') ELSE '.' END AS dir,
       f.blob_id, f.parser,
       u.line, u.col, u.end_line, u.end_col, u.kind, u.context, u.library, u.symbol, u.alias, u.scope, u.in_async,
       u.derived, u.source_line, u.rule_id, u.category, u.anyio_equivalent, u.effort, u.risk
FROM mart_snapshots sn
JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_blobs b ON b.blob_id = f.blob_id AND b.parser = f.parser
JOIN stg_usages u ON u.blob_id = f.blob_id;

-- Migration status per site (see the conventions at the top of this file).
CREATE OR REPLACE VIEW mart_site_status AS       -- grain: one row per usage site per file path per snapshot
WITH x AS (
  SELECT u.*, coalesce(l.role, 'untracked') AS role,
         CASE WHEN l.role IN ('legacy', 'blocker') THEN 'legacy' WHEN l.role = 'target' THEN 'target'
              ELSE 'neutral' END AS status,
         u.kind = 'import' AS is_import,
         CASE WHEN u.scope IS NULL OR u.scope = '' THEN '<module>' ELSE u.scope END AS function
  FROM mart_usages_snapshot u LEFT JOIN ref_library_roles l ON l.library = u.library
)
SELECT x.*,
       CASE WHEN status <> 'legacy' THEN 'none' WHEN role = 'blocker' THEN 'blocker'
            ELSE coalesce(effort, 'manual') END AS tier,
       status IN ('legacy', 'target') AND NOT is_import AS counts_for_pct,
       path || chr(31) || symbol || chr(31) || trim(source_line) || chr(31) ||
         CAST(row_number() OVER (PARTITION BY repo_id, label, path, symbol, trim(source_line) ORDER BY line, col)
              AS VARCHAR) AS site_key
FROM x;

CREATE OR REPLACE VIEW mart_usages_head AS       -- grain: one row per usage site per file path at each repo's head
SELECT * FROM mart_site_status WHERE is_head_snapshot;

-- ---------------------------------------------------------------------------------------------------------------
-- Scope (at head) and effort
-- ---------------------------------------------------------------------------------------------------------------
-- est_minutes of a (file, tier) = sites * minutes_per_site(tier) + minutes_per_file(tier): the per-file overhead
-- of a tier is paid once per file that has at least one site of that tier.
CREATE OR REPLACE VIEW mart_scope_file_tier AS   -- grain: one row per (repo, file path, effort tier) with legacy sites at head
SELECT u.repo_id, u.repo, u.team, u.dir, u.path, u.tier,
       count(*) AS sites,
       count(*) FILTER (WHERE NOT u.is_import) AS refs,
       count(*) FILTER (WHERE u.is_import) AS imports,
       count(*) * coalesce(any_value(w.minutes_per_site), 0) + coalesce(any_value(w.minutes_per_file), 0) AS est_minutes
FROM mart_usages_head u LEFT JOIN ref_effort_weights w ON w.tier = u.tier
WHERE u.status = 'legacy'
GROUP BY ALL;

CREATE OR REPLACE VIEW mart_scope_file AS        -- grain: one row per (repo, file path) with legacy or anyio sites at head
WITH t AS (
  SELECT repo_id, path,
         sum(sites) AS legacy_sites, sum(refs) AS legacy_refs, sum(imports) AS legacy_imports,
         sum(sites) FILTER (WHERE tier = 'mechanical') AS mechanical_sites,
         sum(sites) FILTER (WHERE tier = 'structural') AS structural_sites,
         sum(sites) FILTER (WHERE tier = 'manual') AS manual_sites,
         sum(sites) FILTER (WHERE tier = 'blocker') AS blocker_sites,
         sum(est_minutes) AS est_minutes,
         max(tier) FILTER (WHERE tier = 'blocker') IS NOT NULL AS has_blocker
  FROM mart_scope_file_tier GROUP BY ALL
), a AS (
  SELECT repo_id, repo, team, dir, path,
         count(*) FILTER (WHERE status = 'target' AND NOT is_import) AS anyio_refs,
         count(*) FILTER (WHERE status = 'neutral') AS neutral_sites
  FROM mart_usages_head GROUP BY ALL
)
SELECT a.repo_id, a.repo, a.team, a.dir, a.path,
       coalesce(t.legacy_sites, 0) AS legacy_sites, coalesce(t.legacy_refs, 0) AS legacy_refs,
       coalesce(t.legacy_imports, 0) AS legacy_imports, a.anyio_refs, a.neutral_sites,
       coalesce(t.mechanical_sites, 0) AS mechanical_sites, coalesce(t.structural_sites, 0) AS structural_sites,
       coalesce(t.manual_sites, 0) AS manual_sites, coalesce(t.blocker_sites, 0) AS blocker_sites,
       coalesce(t.est_minutes, 0) AS est_minutes, coalesce(t.has_blocker, false) AS has_blocker,
       CASE WHEN coalesce(t.legacy_refs, 0) + a.anyio_refs = 0 THEN NULL
            ELSE 100.0 * a.anyio_refs / (coalesce(t.legacy_refs, 0) + a.anyio_refs) END AS pct_migrated
FROM a LEFT JOIN t USING (repo_id, path);

CREATE OR REPLACE VIEW mart_scope_dir AS         -- grain: one row per (repo, directory) at head
SELECT repo_id, repo, team, dir,
       count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
       sum(legacy_sites) AS legacy_sites, sum(legacy_refs) AS legacy_refs, sum(legacy_imports) AS legacy_imports,
       sum(anyio_refs) AS anyio_refs,
       sum(mechanical_sites) AS mechanical_sites, sum(structural_sites) AS structural_sites,
       sum(manual_sites) AS manual_sites, sum(blocker_sites) AS blocker_sites, sum(est_minutes) AS est_minutes,
       CASE WHEN sum(legacy_refs) + sum(anyio_refs) = 0 THEN NULL
            ELSE 100.0 * sum(anyio_refs) / (sum(legacy_refs) + sum(anyio_refs)) END AS pct_migrated
FROM mart_scope_file GROUP BY ALL;

-- Declared dependencies (config_facts kind 'dependency') at head on a legacy or blocker library. Names are compared
-- PEP 503-normalised (case-insensitive, runs of - _ . equal).
CREATE OR REPLACE VIEW mart_dependency_blockers AS  -- grain: one row per dependency declaration at each repo's head
SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.commit_id, f.path, c.line, c.name AS dependency, c.value AS spec,
       c.section, l.library, l.role
FROM mart_snapshots sn
JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_config_facts c ON c.blob_id = f.blob_id
JOIN ref_library_roles l
  ON lower(regexp_replace(c.name, '[-_.]+', '-', 'g')) = lower(regexp_replace(l.pypi, '[-_.]+', '-', 'g'))
WHERE sn.is_head_snapshot AND c.kind = 'dependency' AND l.role IN ('legacy', 'blocker');

CREATE OR REPLACE VIEW mart_scope_repo AS        -- grain: one row per repository (all of them, failed ones too)
WITH d AS (SELECT repo_id, sum(legacy_sites) AS legacy_sites, sum(legacy_refs) AS legacy_refs,
                  sum(legacy_imports) AS legacy_imports, sum(anyio_refs) AS anyio_refs,
                  count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
                  sum(mechanical_sites) AS mechanical_sites, sum(structural_sites) AS structural_sites,
                  sum(manual_sites) AS manual_sites, sum(blocker_sites) AS blocker_sites, sum(est_minutes) AS est_minutes
           FROM mart_scope_file GROUP BY ALL),
     py AS (SELECT sn.repo_id, count(*) AS python_files, any_value(sn.label) AS head_label
            FROM mart_snapshots sn JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
            WHERE sn.is_head_snapshot AND f.parser = 'python' GROUP BY ALL),
     b AS (SELECT repo_id, count(*) AS blocker_deps,
                  string_agg(DISTINCT dependency, ', ' ORDER BY dependency) FILTER (WHERE role = 'blocker') AS blocker_dep_names,
                  string_agg(DISTINCT dependency, ', ' ORDER BY dependency) AS legacy_dep_names
           FROM mart_dependency_blockers GROUP BY ALL)
SELECT r.repo_id, r.repo, r.team, r.status, py.head_label,
       coalesce(py.python_files, 0) AS python_files,
       coalesce(d.files_with_legacy, 0) AS files_with_legacy,
       coalesce(d.legacy_sites, 0) AS legacy_sites, coalesce(d.legacy_refs, 0) AS legacy_refs,
       coalesce(d.legacy_imports, 0) AS legacy_imports, coalesce(d.anyio_refs, 0) AS anyio_refs,
       coalesce(d.mechanical_sites, 0) AS mechanical_sites, coalesce(d.structural_sites, 0) AS structural_sites,
       coalesce(d.manual_sites, 0) AS manual_sites, coalesce(d.blocker_sites, 0) AS blocker_sites,
       coalesce(b.blocker_deps, 0) AS dependency_blockers, b.legacy_dep_names AS dependency_blocker_names,
       coalesce(d.est_minutes, 0) AS est_minutes, coalesce(d.est_minutes, 0) / 60.0 AS est_hours,
       CASE WHEN coalesce(d.legacy_refs, 0) + coalesce(d.anyio_refs, 0) = 0 THEN NULL
            ELSE 100.0 * d.anyio_refs / (d.legacy_refs + d.anyio_refs) END AS pct_migrated
FROM mart_repos r LEFT JOIN d USING (repo_id) LEFT JOIN py USING (repo_id) LEFT JOIN b USING (repo_id);

CREATE OR REPLACE VIEW mart_scope_team AS        -- grain: one row per team
SELECT team, count(*) AS repos, sum(python_files) AS python_files, sum(files_with_legacy) AS files_with_legacy,
       sum(legacy_sites) AS legacy_sites, sum(legacy_refs) AS legacy_refs, sum(anyio_refs) AS anyio_refs,
       sum(blocker_sites) AS blocker_sites, sum(dependency_blockers) AS dependency_blockers,
       sum(est_minutes) / 60.0 AS est_hours,
       CASE WHEN sum(legacy_refs) + sum(anyio_refs) = 0 THEN NULL
            ELSE 100.0 * sum(anyio_refs) / (sum(legacy_refs) + sum(anyio_refs)) END AS pct_migrated
FROM mart_scope_repo GROUP BY ALL;

CREATE OR REPLACE VIEW mart_patterns_head AS     -- grain: one row per (category, library, symbol, tier) of legacy sites at head
SELECT u.category, coalesce(c.label, u.category) AS category_label, u.library, u.symbol, u.tier,
       any_value(u.anyio_equivalent) AS anyio_equivalent, bool_or(u.is_import) AS is_import,
       count(*) AS sites, count(DISTINCT u.repo_id || '/' || u.path) AS files, count(DISTINCT u.repo_id) AS repos,
       arg_max(u.risk, CASE u.risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END) AS risk
FROM mart_usages_head u LEFT JOIN ref_categories c ON c.category = u.category
WHERE u.status = 'legacy'
GROUP BY ALL;

-- ---------------------------------------------------------------------------------------------------------------
-- Hotspots
-- ---------------------------------------------------------------------------------------------------------------
-- The churn window of a repository: the first-parent commits whose committer date is in the trailing
-- anyscope_churn_weeks weeks ending at the repository's head snapshot commit: (head commit_time - 7 * N days,
-- head commit_time]. Counted from the changes the data set holds (a scan lists them from its first snapshot window,
-- or for --history head the last --churn-weeks weeks, to the tip).
CREATE OR REPLACE VIEW mart_churn_changes AS     -- grain: one row per mart_changes row (repo, commit, path) in the churn window
WITH h AS (SELECT repo_id, commit_time AS head_time FROM mart_snapshots WHERE is_head_snapshot)
SELECT c.*
FROM mart_changes c JOIN h USING (repo_id)
WHERE c.commit_time > h.head_time - to_days(7 * CAST(getvariable('anyscope_churn_weeks') AS INTEGER))
  AND c.commit_time <= h.head_time;

-- churn of a file = number of first-parent commits in the churn window (mart_churn_changes) that changed
-- (repo, path), adds and deletes included.
CREATE OR REPLACE VIEW mart_file_churn AS        -- grain: one row per (repo, file path) changed in the churn window
SELECT repo_id, path, count(*) AS churn, count(DISTINCT author) AS authors, max(commit_time) AS last_changed
FROM mart_churn_changes
GROUP BY ALL;

-- site_weight = category_weight(category) * risk_weight(risk) (ref_risk_weights; unlisted keys weigh 1), over
-- LEGACY sites at head (imports included). score = sum(site_weight) * greatest(churn, 1): a file no commit touched in
-- the churn window (churn 0) scores its weight.
CREATE OR REPLACE VIEW mart_hotspot_sites AS     -- grain: one row per legacy site per file path at head
SELECT u.*, coalesce(cw.weight, 1) AS category_weight, coalesce(rw.weight, 1) AS risk_weight,
       coalesce(cw.weight, 1) * coalesce(rw.weight, 1) AS site_weight,
       coalesce(ch.churn, 0) AS churn
FROM mart_usages_head u
LEFT JOIN ref_risk_weights cw ON cw.dimension = 'category' AND cw."key" = u.category
LEFT JOIN ref_risk_weights rw ON rw.dimension = 'risk' AND rw."key" = coalesce(u.risk, '')
LEFT JOIN mart_file_churn ch ON ch.repo_id = u.repo_id AND ch.path = u.path
WHERE u.status = 'legacy';

CREATE OR REPLACE VIEW mart_hotspot_files AS     -- grain: one row per (repo, file path) with legacy sites at head
WITH c AS (SELECT repo_id, path, category, sum(site_weight) AS w, count(*) AS n FROM mart_hotspot_sites GROUP BY ALL),
     top AS (SELECT repo_id, path, string_agg(category || ' (' || n || ')', ', ' ORDER BY w DESC, category) AS top_categories
             FROM (SELECT *, row_number() OVER (PARTITION BY repo_id, path ORDER BY w DESC, category) AS rn FROM c)
             WHERE rn <= 3 GROUP BY ALL),
     f AS (SELECT repo_id, repo, team, path, count(*) AS legacy_sites, sum(site_weight) AS base_score,
                  any_value(churn) AS churn,
                  sum(site_weight) * greatest(any_value(churn), 1) AS score
           FROM mart_hotspot_sites GROUP BY ALL)
SELECT f.repo_id, f.repo, f.team, f.path, f.legacy_sites, f.base_score, f.churn, f.score, top.top_categories,
       rank() OVER (ORDER BY f.score DESC) AS rank
FROM f JOIN top USING (repo_id, path);

CREATE OR REPLACE VIEW mart_hotspot_functions AS -- grain: one row per (repo, file path, enclosing function) with legacy sites at head
SELECT *, rank() OVER (ORDER BY score DESC) AS rank
FROM (SELECT repo_id, repo, team, path, function, count(*) AS legacy_sites, sum(site_weight) AS base_score,
             any_value(churn) AS churn, sum(site_weight) * greatest(any_value(churn), 1) AS score,
             string_agg(DISTINCT category, ', ' ORDER BY category) AS categories
      FROM mart_hotspot_sites GROUP BY ALL);

-- ---------------------------------------------------------------------------------------------------------------
-- Progress
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW mart_progress_repo_week AS -- grain: one row per (repo, weekly snapshot) in the since window
SELECT s.repo_id, s.repo, s.team, s.label AS week, s.period_start, s.period_end, s.commit_id, s.repeated,
       count(u.line) FILTER (WHERE u.status = 'legacy' AND NOT u.is_import) AS legacy_sites,
       count(u.line) FILTER (WHERE u.status = 'target' AND NOT u.is_import) AS anyio_sites,
       count(u.line) FILTER (WHERE u.status = 'legacy' AND u.is_import) AS legacy_imports,
       count(u.line) FILTER (WHERE u.status = 'target' AND u.is_import) AS anyio_imports,
       count(u.line) FILTER (WHERE u.status = 'neutral') AS neutral_sites,
       CASE WHEN count(u.line) FILTER (WHERE u.counts_for_pct) = 0 THEN NULL
            ELSE 100.0 * count(u.line) FILTER (WHERE u.status = 'target' AND NOT u.is_import)
                 / count(u.line) FILTER (WHERE u.counts_for_pct) END AS pct_migrated
FROM mart_snapshots s
LEFT JOIN mart_site_status u ON u.repo_id = s.repo_id AND u.label = s.label
WHERE s.kind = 'week' AND s.in_since
GROUP BY ALL;

-- A repository whose history ends before the org's last week (no commit since) still counts in the later weeks
-- with its latest weekly snapshot (ASOF join), so the org burn-down does not drop when a repository goes quiet.
CREATE OR REPLACE VIEW mart_progress_org_week AS -- grain: one row per week (period_start) over all repositories
WITH pw AS MATERIALIZED (
  SELECT repo_id, week, period_start, period_end, legacy_sites, anyio_sites, legacy_imports, anyio_imports
  FROM mart_progress_repo_week
), grid AS (
  SELECT period_start, any_value(period_end) AS period_end, min(week) AS week
  FROM pw GROUP BY period_start
), firsts AS (
  SELECT repo_id, min(period_start) AS first_start FROM pw GROUP BY repo_id
), cells AS (
  SELECT g.period_start, g.period_end, g.week, f.repo_id
  FROM grid g JOIN firsts f ON g.period_start >= f.first_start
), filled AS (
  SELECT c.period_start, c.period_end, c.week, w.legacy_sites, w.anyio_sites, w.legacy_imports, w.anyio_imports
  FROM cells c ASOF JOIN pw w
    ON c.repo_id = w.repo_id AND c.period_start >= w.period_start
)
SELECT min(week) AS week, period_start, max(period_end) AS period_end, count(*) AS repos,
       sum(legacy_sites) AS legacy_sites, sum(anyio_sites) AS anyio_sites,
       sum(legacy_imports) AS legacy_imports, sum(anyio_imports) AS anyio_imports,
       CASE WHEN sum(legacy_sites) + sum(anyio_sites) = 0 THEN NULL
            ELSE 100.0 * sum(anyio_sites) / (sum(legacy_sites) + sum(anyio_sites)) END AS pct_migrated
FROM filled GROUP BY period_start;

-- velocity = (legacy refs at the first week of the window - legacy refs at the last week) / weeks between them,
-- over the trailing anyscope_velocity_weeks weeks (window: weeks starting >= last start - 7 * N days).
-- projected_completion = end of the last week + ceil(legacy_now / velocity) weeks; NULL and
-- trend 'not converging' when velocity <= 0 (or a single week); trend 'done' when nothing legacy is left.
CREATE OR REPLACE VIEW mart_velocity AS          -- grain: one row per repository plus one 'org' row
WITH series AS (
  SELECT 'repo' AS level, repo AS name, week, period_start, period_end, legacy_sites, anyio_sites FROM mart_progress_repo_week
  UNION ALL
  SELECT 'org', '(all repositories)', week, period_start, period_end, legacy_sites, anyio_sites FROM mart_progress_org_week
), last AS (SELECT level, name, max(period_start) AS last_start FROM series GROUP BY ALL),
win AS (
  SELECT s.* FROM series s JOIN last USING (level, name)
  WHERE s.period_start >= last.last_start - CAST(7 * CAST(getvariable('anyscope_velocity_weeks') AS INTEGER) AS INTEGER)
), agg AS (
  SELECT level, name,
         arg_min(week, period_start) AS from_week, arg_min(legacy_sites, period_start) AS legacy_then,
         arg_max(week, period_start) AS to_week, arg_max(legacy_sites, period_start) AS legacy_now,
         arg_max(anyio_sites, period_start) AS anyio_now,
         arg_max(period_end, period_start) AS to_end,
         CAST((max(period_start) - min(period_start)) / 7 AS INTEGER) AS weeks
  FROM win GROUP BY ALL
)
SELECT level, name, from_week, to_week, weeks, legacy_then, legacy_now, anyio_now,
       CASE WHEN weeks > 0 THEN (legacy_then - legacy_now) / CAST(weeks AS DOUBLE) END AS velocity_per_week,
       CASE WHEN legacy_now = 0 THEN 'done'
            WHEN weeks > 0 AND legacy_then > legacy_now THEN 'converging'
            ELSE 'not converging' END AS trend,
       CASE WHEN legacy_now = 0 THEN to_end
            WHEN weeks > 0 AND legacy_then > legacy_now
              THEN to_end + CAST(7 * ceil(legacy_now * CAST(weeks AS DOUBLE) / (legacy_then - legacy_now)) AS INTEGER)
       END AS projected_completion
FROM agg;

-- A regression: a LEGACY site (imports included) present in a weekly snapshot and absent, by site identity, from
-- the previous weekly snapshot of the same repository. The first week of a repository has no regressions.
-- Attribution (commit_id, author, author_time): the newest first-parent commit (by seq) in (previous snapshot,
-- this snapshot] -- committer dates after the previous snapshot's commit and up to this one's -- that changed the
-- site's path (attributed_by = 'change'); the snapshot's own commit only when the data set holds no such change
-- (attributed_by = 'snapshot': changes not listed for that window). The file's newest change of the week, not a blame
-- of the line: when several commits of the week touched the file, the last one is named.
CREATE OR REPLACE VIEW mart_regressions AS       -- grain: one row per new legacy site per weekly snapshot
WITH reg AS (
  SELECT cur.repo_id, cur.repo, cur.team, cur.label AS week, cur.period_start, cur.path, cur.line, cur.col,
         cur.library, cur.symbol, cur.category, cur.tier, cur.is_import, cur.function,
         trim(cur.source_line) AS source_line, cur.commit_id AS snapshot_commit_id, cur.author AS snapshot_author,
         cur.author_time AS snapshot_author_time, s.commit_time AS snapshot_commit_time,
         s.prev_label AS previous_week, s.prev_commit_time AS previous_commit_time
  FROM mart_site_status cur
  JOIN mart_snapshots s ON s.repo_id = cur.repo_id AND s.label = cur.label
  WHERE s.kind = 'week' AND s.in_since AND s.prev_label IS NOT NULL AND cur.status = 'legacy'
    AND NOT EXISTS (SELECT 1 FROM mart_site_status q
                    WHERE q.repo_id = cur.repo_id AND q.label = s.prev_label AND q.site_key = cur.site_key)
), attributed AS (
  SELECT k.repo_id, k.week, k.path, c.commit_id, c.author, c.author_time
  FROM (SELECT DISTINCT repo_id, week, path, previous_commit_time, snapshot_commit_time FROM reg) k
  JOIN mart_changes c ON c.repo_id = k.repo_id AND c.path = k.path
   AND c.commit_time > k.previous_commit_time AND c.commit_time <= k.snapshot_commit_time
  QUALIFY row_number() OVER (PARTITION BY k.repo_id, k.week, k.path ORDER BY c.seq DESC) = 1
)
SELECT reg.repo_id, reg.repo, reg.team, reg.week, reg.period_start, reg.path, reg.line, reg.col, reg.library,
       reg.symbol, reg.category, reg.tier, reg.is_import, reg.function, reg.source_line,
       coalesce(a.commit_id, reg.snapshot_commit_id) AS commit_id,
       CASE WHEN a.commit_id IS NULL THEN reg.snapshot_author ELSE a.author END AS author,
       CASE WHEN a.commit_id IS NULL THEN reg.snapshot_author_time ELSE a.author_time END AS author_time,
       CASE WHEN a.commit_id IS NULL THEN 'snapshot' ELSE 'change' END AS attributed_by,
       reg.snapshot_commit_id, reg.snapshot_author, reg.previous_week
FROM reg LEFT JOIN attributed a USING (repo_id, week, path);
