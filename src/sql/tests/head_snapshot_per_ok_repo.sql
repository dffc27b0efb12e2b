-- Every repository whose scan succeeded has a head snapshot (the tip of its branch).
SELECT r.repo_id, r.name FROM stg_repos r
WHERE r.status = 'ok'
  AND NOT EXISTS (SELECT 1 FROM stg_snapshots s WHERE s.repo_id = r.repo_id AND (s.kind = 'head' OR s.is_head));
