-- anyscope analytics: marts, per-file deltas: each file's legacy, AnyIO (target) and broken site counts per complete
-- point of its repository's series (week, month, tag or commit) and their change since the previous complete one,
-- following files across renames. Each view
-- states its GRAIN. Marts read staging views and the ref_ tables only (conventions: 22_usages.sql).

-- Files of the counted path classes only (path_class: the file's class, or its previous path's when it is gone).
-- Counts are mart_file_sites' (23_scope.sql), as progress and scope count them: legacy_sites, anyio_sites and
-- broken_sites are all sites of that status (imports, direct references and derived facts), so a file's deltas add
-- up to the point's change in progress. week and period: the point's label (period_kind says which kind).
-- previous_path: the file's path at the previous complete point (mart_snapshot_origins: renamed or copied in between; else its own path);
-- the previous_ counts are that path's there, so a file that was only moved has deltas of 0 (a copy too: its sites
-- are not new, as in mart_regressions). A file whose sites are all gone since the previous snapshot (deleted, or
-- its sites removed) is a row with counts 0 under its previous path. The first complete week of a repository has
-- no previous counts and NULL deltas.
-- latest_path: the file's path in its newest row, following its rows week by week (renames followed; a copy starts
-- a new file; a file with no sites for a whole week has no row that week, and its rows before and after are two
-- files, which matters only when it was renamed then). So "what regressed most since week X", files followed
-- across renames, is
--   SELECT repo, latest_path, CAST(sum(legacy_delta) AS BIGINT) AS legacy_added, CAST(sum(anyio_delta) AS BIGINT) AS anyio_added
--   FROM mart_file_deltas WHERE week > 'X' GROUP BY ALL ORDER BY legacy_added DESC
CREATE OR REPLACE VIEW mart_file_deltas AS       -- grain: one row per (repo, complete point of its series, file path) with sites then or at the previous complete point
WITH RECURSIVE weeks AS (
  SELECT repo_id, repo, team, label, kind, period_start, prev_label, point_seq FROM mart_snapshots
  WHERE in_series AND is_complete
), counts AS (
  SELECT u.repo_id, u.label, u.path, u.path_class, u.legacy_sites, u.anyio_sites, u.broken_sites
  FROM mart_file_sites u JOIN weeks s USING (repo_id, label)
  WHERE u.counted AND u.legacy_sites + u.anyio_sites + u.broken_sites > 0
), cur AS (
  SELECT w.repo_id, w.label, w.prev_label, c.path, coalesce(o.origin_path, c.path) AS previous_path,
         o.moved_by, c.path_class, c.legacy_sites, c.anyio_sites, c.broken_sites
  FROM weeks w JOIN counts c USING (repo_id, label)
  LEFT JOIN mart_snapshot_origins o ON o.repo_id = w.repo_id AND o.label = w.label AND o.path = c.path
), prev AS (
  SELECT w.repo_id, w.label, p.path AS previous_path, p.path_class, p.legacy_sites, p.anyio_sites, p.broken_sites
  FROM weeks w JOIN counts p ON p.repo_id = w.repo_id AND p.label = w.prev_label
), fr AS MATERIALIZED (   -- numbered (id): the lineage below walks integers, not (repo, label, path) strings
  SELECT row_number() OVER () AS id, w.prev_label,
         coalesce(c.repo_id, p.repo_id) AS repo_id, coalesce(c.label, p.label) AS label,
         coalesce(c.path, p.previous_path) AS path,
         CASE WHEN w.prev_label IS NOT NULL THEN coalesce(c.previous_path, p.previous_path) END AS previous_path,
         c.moved_by, coalesce(c.path_class, p.path_class) AS path_class,
         coalesce(c.legacy_sites, 0) AS legacy_sites, coalesce(c.anyio_sites, 0) AS anyio_sites,
         coalesce(c.broken_sites, 0) AS broken_sites,
         CASE WHEN w.prev_label IS NOT NULL THEN coalesce(p.legacy_sites, 0) END AS previous_legacy_sites,
         CASE WHEN w.prev_label IS NOT NULL THEN coalesce(p.anyio_sites, 0) END AS previous_anyio_sites,
         CASE WHEN w.prev_label IS NOT NULL THEN coalesce(p.broken_sites, 0) END AS previous_broken_sites
  FROM cur c FULL JOIN prev p USING (repo_id, label, previous_path)
  JOIN weeks w ON w.repo_id = coalesce(c.repo_id, p.repo_id) AND w.label = coalesce(c.label, p.label)
), links AS (             -- a row and the row of its file at the previous complete snapshot (copies start a new file)
  SELECT n.id, r.id AS prev_id, n.path <> r.path AS renamed
  FROM fr n JOIN fr r ON r.repo_id = n.repo_id AND r.label = n.prev_label AND r.path = n.previous_path
  WHERE n.moved_by IS DISTINCT FROM 'copy'
), continues AS (         -- rows whose predecessor has the same path and no other successor renamed from it
  SELECT k.id FROM links k
  LEFT JOIN (SELECT DISTINCT prev_id FROM links WHERE renamed) x ON x.prev_id = k.prev_id
  WHERE NOT k.renamed AND x.prev_id IS NULL
), row_runs AS MATERIALIZED (   -- runs of a file's rows at one path, cut after a row renamed into another path as
                                -- well: all rows of a run reach the same newest rows, so the lineage walks runs
  SELECT id, path, starts, dense_rank() OVER (ORDER BY repo_id, path, run_no) AS run
  FROM (SELECT r.id, r.repo_id, r.path, c.id IS NULL AS starts,
               sum(CASE WHEN c.id IS NULL THEN 1 ELSE 0 END)
                 OVER (PARTITION BY r.repo_id, r.path ORDER BY w.point_seq) AS run_no
        FROM fr r JOIN weeks w USING (repo_id, label) LEFT JOIN continues c ON c.id = r.id)
), run_links AS (         -- a run and the run before it: its first row's link, the only link into it (no
                          -- comparison of runs here: DuckDB would join on it as a nested loop)
  SELECT a.run, b.run AS prev_run
  FROM links k JOIN row_runs a ON a.id = k.id JOIN row_runs b ON b.id = k.prev_id
  WHERE a.starts
), run_paths AS (      -- each run and its path, from its first row (the only one that starts it)
  SELECT run, path FROM row_runs WHERE starts
), lineage(run, latest_run) AS (   -- from each run with no successor back through its predecessors
  SELECT run, run FROM run_paths i WHERE NOT EXISTS (SELECT 1 FROM run_links k WHERE k.prev_run = i.run)
  UNION
  SELECT k.prev_run, l.latest_run FROM lineage l JOIN run_links k ON k.run = l.run
), lin AS (
  SELECT rr.id, l.latest_path
  FROM row_runs rr
  JOIN (SELECT l.run, first(t.path ORDER BY t.path = i.path DESC, t.path) AS latest_path
        FROM lineage l JOIN run_paths i ON i.run = l.run JOIN run_paths t ON t.run = l.latest_run
        GROUP BY l.run) l ON l.run = rr.run
)
SELECT w.repo_id, w.repo, w.team, w.label AS week, w.label AS period, w.kind AS period_kind, w.period_start, r.path, r.path_class, r.previous_path,
       r.moved_by,
       l.latest_path, r.legacy_sites, r.anyio_sites, r.broken_sites,
       r.previous_legacy_sites, r.previous_anyio_sites, r.previous_broken_sites,
       r.legacy_sites - r.previous_legacy_sites AS legacy_delta,
       r.anyio_sites - r.previous_anyio_sites AS anyio_delta,
       r.broken_sites - r.previous_broken_sites AS broken_delta
FROM fr r JOIN weeks w USING (repo_id, label)
LEFT JOIN lin l ON l.id = r.id;
