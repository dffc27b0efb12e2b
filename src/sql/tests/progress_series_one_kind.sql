-- A repository's progress series has one kind (week, month, tag or commit) and its points are numbered 1, 2, ... in
-- point_time order without gaps; the organisation's series likewise.
SELECT repo, 'kinds' AS what, count(DISTINCT period_kind) AS n FROM mart_progress_repo_week GROUP BY repo
HAVING count(DISTINCT period_kind) <> 1
UNION ALL
SELECT repo, 'seq', count(*) FROM mart_progress_repo_week GROUP BY repo
HAVING max(point_seq) <> count(*) OR count(DISTINCT point_seq) <> count(*)
UNION ALL
SELECT '(org)', 'org', count(*) FROM mart_progress_org_week
HAVING count(DISTINCT point_time) <> count(*) OR count(DISTINCT period_kind) > 1;
