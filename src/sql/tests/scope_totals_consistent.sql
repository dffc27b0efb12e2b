-- Scope adds up: the tiers sum to the legacy sites at file, repository and organisation grain, and the
-- repository totals equal the per-file sums.
SELECT 'file' AS grain, path AS name FROM mart_scope_file
WHERE mechanical_sites + structural_sites + manual_sites + blocker_sites <> legacy_sites
UNION ALL
SELECT 'repo', repo FROM mart_scope_repo WHERE mechanical_sites + structural_sites + manual_sites + blocker_sites <> legacy_sites
UNION ALL
SELECT 'org', 'org' FROM (SELECT sum(legacy_sites) AS a, sum(est_minutes) AS m FROM mart_scope_repo) r,
                          (SELECT coalesce(sum(legacy_sites), 0) AS a, coalesce(sum(est_minutes), 0) AS m FROM mart_scope_file) f
WHERE r.a <> f.a OR abs(r.m - f.m) > 1e-6;
