-- (repo_id, commit_id, path) is the key of changes; a commit has one parent, position, date and author, and a
-- position on the first-parent line names one commit.
SELECT 'key' AS what, repo_id, commit_id, path FROM stg_changes GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'commit', repo_id, commit_id, NULL FROM stg_changes GROUP BY repo_id, commit_id
HAVING count(DISTINCT coalesce(parent_id, '')) > 1 OR count(DISTINCT seq) > 1 OR count(DISTINCT commit_time) > 1
    OR count(DISTINCT author_time) > 1 OR count(DISTINCT coalesce(author, '')) > 1
UNION ALL
SELECT 'seq', repo_id, CAST(seq AS VARCHAR), NULL FROM stg_changes GROUP BY repo_id, seq
HAVING count(DISTINCT commit_id) > 1;
