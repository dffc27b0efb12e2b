-- repo_id is the key of repos, and display names are unique (reports and --repo use them).
SELECT 'repo_id' AS key, repo_id AS value, count(*) AS n FROM stg_repos GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'name', name, count(*) FROM stg_repos GROUP BY ALL HAVING count(*) > 1;
