-- One headline: legacy sites are imports + direct references + derived facts at every grain, and a repository's
-- counts in scope (at head) equal those of its newest complete point in progress when that point is the head commit.
SELECT 'file' AS grain, repo, path AS name FROM mart_file_sites
WHERE legacy_sites <> legacy_imports + legacy_refs + legacy_derived
   OR anyio_sites <> anyio_imports + anyio_refs + anyio_derived OR broken_refs > broken_sites
UNION ALL
SELECT 'repo', r.repo, l.week
FROM mart_scope_repo r
JOIN mart_snapshots h ON h.repo_id = r.repo_id AND h.is_head_snapshot
JOIN (SELECT * FROM mart_progress_repo_week
      QUALIFY row_number() OVER (PARTITION BY repo_id ORDER BY point_time DESC, point_seq DESC) = 1) l
  ON l.repo_id = r.repo_id AND l.commit_id = h.commit_id
WHERE (r.legacy_sites, r.legacy_imports, r.legacy_refs, r.legacy_derived, r.anyio_refs, r.broken_sites, r.pct_migrated)
      IS DISTINCT FROM (l.legacy_sites, l.legacy_imports, l.legacy_refs, l.legacy_derived, l.anyio_refs, l.broken_sites,
                        l.pct_migrated);
