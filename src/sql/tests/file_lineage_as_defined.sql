-- mart_file_deltas follows a file through runs of rows at one path (26_file_deltas.sql); this walks its rows week by
-- week, the definition: from each row with no successor (a row at the next complete point whose previous_path is its
-- path, copies left out) back through its predecessors, and returns each row whose latest_path differs from the newest
-- path so reached (its own path first if it is among them, else the first by name).
WITH RECURSIVE d AS (
  SELECT f.repo_id, f.week, f.path, f.previous_path, f.moved_by, f.latest_path, s.prev_label
  FROM mart_file_deltas f JOIN mart_snapshots s ON s.repo_id = f.repo_id AND s.label = f.week
), links AS (
  SELECT n.repo_id, n.week, n.path, r.week AS prev_week, r.path AS prev_path
  FROM d n JOIN d r ON r.repo_id = n.repo_id AND r.week = n.prev_label AND r.path = n.previous_path
  WHERE n.moved_by IS DISTINCT FROM 'copy'
), lineage(repo_id, week, path, latest_week, latest_path) AS (
  SELECT i.repo_id, i.week, i.path, i.week, i.path FROM d i
  WHERE NOT EXISTS (SELECT 1 FROM links k WHERE k.repo_id = i.repo_id AND k.prev_week = i.week AND k.prev_path = i.path)
  UNION
  SELECT k.repo_id, k.prev_week, k.prev_path, l.latest_week, l.latest_path
  FROM lineage l JOIN links k ON k.repo_id = l.repo_id AND k.week = l.week AND k.path = l.path
), defined AS (
  SELECT repo_id, week, path, first(latest_path ORDER BY latest_path = path DESC, latest_path) AS latest_path
  FROM lineage GROUP BY repo_id, week, path
)
SELECT d.repo_id, d.week, d.path, d.latest_path AS found, x.latest_path AS defined
FROM d LEFT JOIN defined x USING (repo_id, week, path)
WHERE d.latest_path IS DISTINCT FROM x.latest_path;
