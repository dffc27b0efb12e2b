-- mart_regressions compares only the files whose content changed (or that hold compatibility-layer candidates); this
-- compares every legacy or broken site of every point with the previous point, the definition (25_progress.sql), and
-- returns each site found by one and not the other.
WITH defined AS (
  SELECT cur.repo_id, cur.label AS week, cur.path, cur.line, cur.col, cur.kind, cur.symbol
  FROM mart_site_status cur
  JOIN mart_snapshots s ON s.repo_id = cur.repo_id AND s.label = cur.label
  WHERE s.in_series AND s.is_complete AND s.prev_label IS NOT NULL
    AND cur.status IN ('legacy', 'broken') AND cur.counted
    AND NOT EXISTS (SELECT 1 FROM mart_site_status q
                    WHERE q.repo_id = cur.repo_id AND q.label = s.prev_label AND q.site_key = cur.site_key)
    AND NOT EXISTS (SELECT 1 FROM mart_snapshot_origins o JOIN mart_site_status q
                      ON q.repo_id = o.repo_id AND q.label = s.prev_label
                     AND q.site_key = o.origin_path || substr(cur.site_key, length(cur.path) + 1)
                    WHERE o.repo_id = cur.repo_id AND o.label = cur.label AND o.path = cur.path)
), found AS (
  SELECT r.repo_id, r.week, r.path, r.line, r.col, r.symbol
  FROM mart_regressions r
)
SELECT 'missing' AS problem, d.repo_id, d.week, d.path, d.line, d.col, d.symbol FROM defined d
WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.repo_id = d.repo_id AND f.week = d.week AND f.path = d.path
                  AND f.line = d.line AND f.col = d.col AND f.symbol = d.symbol)
UNION ALL
SELECT 'extra', f.repo_id, f.week, f.path, f.line, f.col, f.symbol FROM found f
WHERE NOT EXISTS (SELECT 1 FROM defined d WHERE f.repo_id = d.repo_id AND f.week = d.week AND f.path = d.path
                  AND f.line = d.line AND f.col = d.col AND f.symbol = d.symbol);
