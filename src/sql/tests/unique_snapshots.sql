-- (repo_id, label) is the key of snapshots.
SELECT repo_id, label, count(*) AS n FROM stg_snapshots GROUP BY ALL HAVING count(*) > 1;
