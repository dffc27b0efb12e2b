-- mart_snapshots picks exactly one head snapshot per repository that has snapshots.
SELECT repo_id, count(*) FILTER (WHERE is_head_snapshot) AS heads FROM mart_snapshots GROUP BY ALL
HAVING count(*) FILTER (WHERE is_head_snapshot) <> 1;
