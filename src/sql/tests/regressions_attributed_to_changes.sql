-- Every regression attributed to a change names a first-parent commit that changed the site's path within the
-- week's window (previous snapshot, this snapshot]; one attributed to the snapshot commit has no such change although
-- the repository's changes reach back to the previous snapshot (where they do, the file's new content must come from
-- a change of the window).
SELECT r.repo, r.week, r.path, r.line, r.attributed_by, r.commit_id FROM mart_regressions r
JOIN mart_snapshots s ON s.repo_id = r.repo_id AND s.label = r.week
WHERE (r.attributed_by = 'change'
       AND NOT EXISTS (SELECT 1 FROM stg_changes c
                       WHERE c.repo_id = r.repo_id AND c.commit_id = r.commit_id AND c.path = r.path
                         AND c.commit_time > s.prev_commit_time AND c.commit_time <= s.commit_time))
   OR (r.attributed_by = 'snapshot'
       AND (r.commit_id <> s.commit_id
            OR EXISTS (SELECT 1 FROM stg_changes c WHERE c.repo_id = r.repo_id AND c.commit_time <= s.prev_commit_time)))
   OR r.attributed_by NOT IN ('change', 'snapshot');
