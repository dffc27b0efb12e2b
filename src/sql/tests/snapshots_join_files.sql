-- Every snapshot of an ok repository has its commit's files (a commit with no tracked file is suspicious).
SELECT s.repo_id, s.label, s.commit_id FROM stg_snapshots s JOIN stg_repos r USING (repo_id)
WHERE r.status = 'ok' AND NOT EXISTS (SELECT 1 FROM stg_files f WHERE f.repo_id = s.repo_id AND f.commit_id = s.commit_id);
