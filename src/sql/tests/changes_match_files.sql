-- Changes replay to the snapshots: for each snapshot and path, the last change of that path at or before the
-- snapshot's commit (on the first-parent line: by seq when the snapshot's commit is itself a change, else by
-- committer date) gives the file: its new_blob_id is the snapshot's files.blob_id, and a path whose last change is a
-- delete is not in the snapshot. A rename is also the end of its old_path (a delete of it). Paths with no change at
-- or before the snapshot (older than the changes' window) are not checked.
WITH sc AS (SELECT DISTINCT repo_id, commit_id, seq FROM stg_changes),
ev AS (SELECT repo_id, seq, commit_time, path, change, new_blob_id FROM stg_changes
       UNION ALL
       SELECT repo_id, seq, commit_time, old_path, 'delete', NULL FROM stg_changes WHERE change = 'rename'),
snap AS (SELECT DISTINCT s.repo_id, s.commit_id, s.commit_time, sc.seq
         FROM stg_snapshots s LEFT JOIN sc USING (repo_id, commit_id)),
last AS (
  SELECT snap.repo_id, snap.commit_id, c.path, c.change, c.new_blob_id
  FROM snap JOIN ev c ON c.repo_id = snap.repo_id
   AND CASE WHEN snap.seq IS NOT NULL THEN c.seq <= snap.seq ELSE c.commit_time <= snap.commit_time END
  QUALIFY row_number() OVER (PARTITION BY snap.repo_id, snap.commit_id, c.path ORDER BY c.seq DESC) = 1
)
SELECT l.repo_id, l.commit_id, l.path, l.change, l.new_blob_id, f.blob_id FROM last l
LEFT JOIN stg_files f ON f.repo_id = l.repo_id AND f.commit_id = l.commit_id AND f.path = l.path
WHERE (l.change = 'delete' AND f.blob_id IS NOT NULL)
   OR (l.change <> 'delete' AND f.blob_id IS DISTINCT FROM l.new_blob_id
       -- a snapshot commit whose listing failed (no files rows at all), or a file that could not be listed (a missing
       -- blob), has errors rows instead: not checked
       AND EXISTS (SELECT 1 FROM stg_files g WHERE g.repo_id = l.repo_id AND g.commit_id = l.commit_id)
       AND NOT EXISTS (SELECT 1 FROM stg_errors e
                       WHERE e.repo_id = l.repo_id AND e.snapshot = l.commit_id AND e.path = l.path));
