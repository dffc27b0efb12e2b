-- % migrated is within 0..100 (or NULL when there is nothing to migrate) at every grain.
SELECT 'repo_week' AS mart, repo AS name, week, pct_migrated FROM mart_progress_repo_week WHERE pct_migrated NOT BETWEEN 0 AND 100
UNION ALL SELECT 'org_week', NULL, week, pct_migrated FROM mart_progress_org_week WHERE pct_migrated NOT BETWEEN 0 AND 100
UNION ALL SELECT 'scope_repo', repo, NULL, pct_migrated FROM mart_scope_repo WHERE pct_migrated NOT BETWEEN 0 AND 100
UNION ALL SELECT 'scope_file', path, NULL, pct_migrated FROM mart_scope_file WHERE pct_migrated NOT BETWEEN 0 AND 100;
