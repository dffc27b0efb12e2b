-- old_path names where a renamed or copied file came from, and is null for the other changes; a file is renamed
-- away from a path at most once per commit, and never onto itself.
SELECT repo_id, commit_id, path, change, old_path FROM stg_changes
WHERE (change IN ('rename', 'copy')) <> (old_path IS NOT NULL) OR old_path = path
UNION ALL
SELECT repo_id, commit_id, min(path), 'renamed twice', old_path FROM stg_changes WHERE change = 'rename'
GROUP BY repo_id, commit_id, old_path HAVING count(*) > 1;
