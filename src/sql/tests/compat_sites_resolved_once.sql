-- A project's compatibility layer (22_usages.sql): a site reached through it (via_module) is resolved to one library,
-- so one row per (repository, snapshot, path, line, column, kind), through a module of the same snapshot or a declared
-- one; 'reexport' facts and unresolved candidates are no sites. Returns the offending sites.
SELECT repo, label, path, line, col, kind, 'resolved more than once' AS problem
FROM mart_site_status WHERE via_module IS NOT NULL
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT repo, label, path, line, col, kind, 'no module file and not declared'
FROM mart_site_status WHERE via_module IS NOT NULL AND via_path IS NULL AND NOT compat_declared
UNION ALL
SELECT repo, label, path, line, col, kind, 'a reexport fact counted as a site'
FROM mart_site_status WHERE kind = 'reexport';
