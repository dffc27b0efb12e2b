-- anyscope analytics: marts, progress: weekly counts per repository and for the organisation, velocity and
-- projections, and regressions (new legacy sites) with the commit that introduced them. Each view states its GRAIN.
-- Marts read staging views and the ref_ tables only (conventions: 22_usages.sql; changes: 21_dimensions.sql).

-- Complete snapshots only (status 'ok'): a week whose tree could not be read whole is left out, not counted as
-- empty; the organisation's series carries the repository's last complete week over it.
-- The counts are mart_file_sites' (23_scope.sql), summed: legacy_sites and anyio_sites are all sites (imports, direct
-- references and derived facts, each also given apart), so a week's legacy_sites is the scope report's for the same
-- snapshot; % migrated counts direct references only, broken ones as not migrated.
CREATE OR REPLACE VIEW mart_progress_repo_week AS -- grain: one row per (repo, complete weekly snapshot) in the since window
SELECT s.repo_id, s.repo, s.team, s.label AS week, s.period_start, s.period_end, s.commit_id, s.repeated,
       coalesce(sum(u.legacy_sites), 0) AS legacy_sites,
       coalesce(sum(u.anyio_sites), 0) AS anyio_sites,
       coalesce(sum(u.legacy_imports), 0) AS legacy_imports,
       coalesce(sum(u.anyio_imports), 0) AS anyio_imports,
       coalesce(sum(u.neutral_sites), 0) AS neutral_sites,
       coalesce(sum(u.legacy_refs), 0) AS legacy_refs, coalesce(sum(u.legacy_derived), 0) AS legacy_derived,
       coalesce(sum(u.anyio_refs), 0) AS anyio_refs, coalesce(sum(u.anyio_derived), 0) AS anyio_derived,
       coalesce(sum(u.broken_sites), 0) AS broken_sites, coalesce(sum(u.broken_refs), 0) AS broken_refs,
       count(u.path) FILTER (WHERE u.broken_sites > 0) AS broken_files,
       anyscope_pct_migrated(coalesce(sum(u.anyio_refs), 0),
                             coalesce(sum(u.legacy_refs), 0) + coalesce(sum(u.broken_refs), 0)) AS pct_migrated
FROM mart_snapshots s
LEFT JOIN mart_file_sites u ON u.repo_id = s.repo_id AND u.label = s.label
WHERE s.kind = 'week' AND s.in_since AND s.is_complete
GROUP BY ALL;

-- A repository whose history ends before the org's last week (no commit since) still counts in the later weeks
-- with its latest weekly snapshot (ASOF join), so the org burn-down does not drop when a repository goes quiet.
CREATE OR REPLACE VIEW mart_progress_org_week AS -- grain: one row per week (period_start) over all repositories
WITH pw AS MATERIALIZED (
  SELECT repo_id, week, period_start, period_end, legacy_sites, anyio_sites, legacy_imports, anyio_imports,
         legacy_refs, legacy_derived, anyio_refs, anyio_derived, broken_sites, broken_refs, broken_files
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
  SELECT c.period_start, c.period_end, c.week, w.legacy_sites, w.anyio_sites, w.legacy_imports, w.anyio_imports,
         w.legacy_refs, w.legacy_derived, w.anyio_refs, w.anyio_derived, w.broken_sites, w.broken_refs, w.broken_files
  FROM cells c ASOF JOIN pw w
    ON c.repo_id = w.repo_id AND c.period_start >= w.period_start
)
SELECT min(week) AS week, period_start, max(period_end) AS period_end, count(*) AS repos,
       sum(legacy_sites) AS legacy_sites, sum(anyio_sites) AS anyio_sites,
       sum(legacy_imports) AS legacy_imports, sum(anyio_imports) AS anyio_imports,
       sum(legacy_refs) AS legacy_refs, sum(legacy_derived) AS legacy_derived,
       sum(anyio_refs) AS anyio_refs, sum(anyio_derived) AS anyio_derived,
       sum(broken_sites) AS broken_sites, sum(broken_refs) AS broken_refs, sum(broken_files) AS broken_files,
       anyscope_pct_migrated(sum(anyio_refs), sum(legacy_refs) + sum(broken_refs)) AS pct_migrated
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

-- A regression: a LEGACY or BROKEN site (imports included; status says which) present in a complete weekly snapshot and absent, by site identity,
-- from the previous complete weekly snapshot of the same repository (mart_snapshots.prev_label: weeks that could not
-- be read whole are skipped, never compared). The first complete week of a repository has no regressions.
-- Attribution (commit_id, author, author_time): the newest first-parent commit (by seq) in (previous snapshot,
-- this snapshot] -- committer dates after the previous snapshot's commit and up to this one's -- that changed the
-- site's path (attributed_by = 'change'); the snapshot's own commit only when the data set holds no such change
-- (attributed_by = 'snapshot': changes not listed for that window). The file's newest change of the week, not a blame
-- of the line: when several commits of the week touched the file, the last one is named.
-- Moves: a site of a file renamed or copied in the window (mart_snapshot_origins: chains of renames followed) is
-- identified at the file's origin path: with the same symbol, trimmed line text and occurrence there in the previous
-- snapshot it is not new, so a commit that only moves files adds no regressions. Broken sites (status 'broken': a
-- name that is not defined) are regressions as legacy sites are.
CREATE OR REPLACE VIEW mart_regressions AS       -- grain: one row per new legacy or broken site per weekly snapshot
WITH reg AS (
  SELECT cur.repo_id, cur.repo, cur.team, cur.label AS week, cur.period_start, cur.path, cur.line, cur.col,
         cur.library, cur.symbol, cur.category, cur.tier, cur.is_import, cur.function, cur.status,
         trim(cur.source_line) AS source_line, cur.commit_id AS snapshot_commit_id, cur.author AS snapshot_author,
         cur.author_time AS snapshot_author_time, s.commit_time AS snapshot_commit_time,
         s.prev_label AS previous_week, s.prev_commit_time AS previous_commit_time
  FROM mart_site_status cur
  JOIN mart_snapshots s ON s.repo_id = cur.repo_id AND s.label = cur.label
  WHERE s.kind = 'week' AND s.in_since AND s.is_complete AND s.prev_label IS NOT NULL
    AND cur.status IN ('legacy', 'broken')
    AND NOT EXISTS (SELECT 1 FROM mart_site_status q
                    WHERE q.repo_id = cur.repo_id AND q.label = s.prev_label AND q.site_key = cur.site_key)
    AND NOT EXISTS (SELECT 1 FROM mart_snapshot_origins o JOIN mart_site_status q
                      ON q.repo_id = o.repo_id AND q.label = s.prev_label
                     AND q.site_key = o.origin_path || substr(cur.site_key, length(cur.path) + 1)
                    WHERE o.repo_id = cur.repo_id AND o.label = cur.label AND o.path = cur.path)
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
       reg.snapshot_commit_id, reg.snapshot_author, reg.previous_week, reg.status
FROM reg LEFT JOIN attributed a USING (repo_id, week, path);
