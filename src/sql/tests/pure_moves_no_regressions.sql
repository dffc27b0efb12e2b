-- A pure-rename commit yields no regression: a complete point of any series kind whose window (previous complete snapshot's
-- commit, its commit] holds changes and only exact renames or copies (the same blob at a new path) has no
-- regressions: every site of a moved file is identified at its origin path.
WITH w AS (
  SELECT s.repo_id, s.label, count(*) AS changes,
         count(*) FILTER (WHERE c.change IN ('rename', 'copy') AND c.old_blob_id = c.new_blob_id) AS exact_moves
  FROM mart_snapshots s
  JOIN mart_changes c ON c.repo_id = s.repo_id AND c.commit_time > s.prev_commit_time
   AND c.commit_time <= s.commit_time
  WHERE s.in_series AND s.is_complete AND s.prev_label IS NOT NULL
  GROUP BY ALL
)
SELECT r.repo, r.week, r.path, r.line, r.symbol FROM mart_regressions r
JOIN w ON w.repo_id = r.repo_id AND w.label = r.week
WHERE w.changes = w.exact_moves;
