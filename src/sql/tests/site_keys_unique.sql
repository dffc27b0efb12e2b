-- A site_key names one site of its repository snapshot: regressions and fixes match sites across snapshots by it.
SELECT repo_id, label, site_key, count(*) AS n FROM mart_site_status GROUP BY ALL HAVING count(*) > 1;
