-- (repo_id, commit_id, path) is the key of files.
SELECT repo_id, commit_id, path, count(*) AS n FROM stg_files GROUP BY ALL HAVING count(*) > 1;
