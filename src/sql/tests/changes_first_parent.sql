-- Changes are first-parent history of their repository, inside its window:
--   * a change's parent, when it changed anything itself, is the commit one position earlier on the line;
--   * the root (no parent) is position 0 and only adds; every other commit has a parent;
--   * the blob ids say the kind: add = new only, delete = old only, modify = both and different, rename and copy =
--     both (the same blob for an exact move);
--   * a change belongs to a scanned repository and is not after its head snapshot's commit (on the line when that
--     commit changed something, else by committer date);
--   * snapshot commits that changed something sit on the line in snapshot order (weeks: a later week's commit is
--     not earlier on the line), with the snapshot's committer date and author.
WITH c AS (SELECT DISTINCT repo_id, commit_id, parent_id, seq, commit_time, author FROM stg_changes)
SELECT 'parent' AS what, c.repo_id, c.commit_id, c.path FROM stg_changes c
JOIN (SELECT DISTINCT repo_id, commit_id, seq FROM stg_changes) p ON p.repo_id = c.repo_id AND p.commit_id = c.parent_id
WHERE p.seq <> c.seq - 1
UNION ALL
SELECT 'root', repo_id, commit_id, path FROM stg_changes
WHERE (parent_id IS NULL) <> (seq = 0) OR (parent_id IS NULL AND change <> 'add')
UNION ALL
SELECT 'kind', repo_id, commit_id, path FROM stg_changes
WHERE NOT ((change = 'add' AND old_blob_id IS NULL AND new_blob_id IS NOT NULL)
        OR (change = 'delete' AND old_blob_id IS NOT NULL AND new_blob_id IS NULL)
        OR (change = 'modify' AND old_blob_id IS NOT NULL AND new_blob_id IS NOT NULL AND old_blob_id <> new_blob_id)
        OR (change IN ('rename', 'copy') AND old_blob_id IS NOT NULL AND new_blob_id IS NOT NULL))
UNION ALL
SELECT 'repo', c.repo_id, c.commit_id, NULL FROM c
WHERE NOT EXISTS (SELECT 1 FROM stg_repos r WHERE r.repo_id = c.repo_id)
UNION ALL
SELECT 'after head', c.repo_id, c.commit_id, NULL FROM c
JOIN (SELECT repo_id, commit_id, commit_time FROM mart_snapshots WHERE is_head_snapshot) h USING (repo_id)
LEFT JOIN (SELECT DISTINCT repo_id, commit_id, seq FROM stg_changes) hc
  ON hc.repo_id = h.repo_id AND hc.commit_id = h.commit_id
WHERE CASE WHEN hc.seq IS NOT NULL THEN c.seq > hc.seq ELSE c.commit_time > h.commit_time END
UNION ALL
SELECT 'snapshot', s.repo_id, s.commit_id, s.label FROM stg_snapshots s JOIN c ON c.repo_id = s.repo_id AND c.commit_id = s.commit_id
WHERE c.commit_time <> s.commit_time OR coalesce(c.author, '') <> coalesce(s.author, '')
UNION ALL
SELECT 'week order', s1.repo_id, s1.commit_id, s1.label
FROM stg_snapshots s1 JOIN c c1 ON c1.repo_id = s1.repo_id AND c1.commit_id = s1.commit_id
JOIN stg_snapshots s2 ON s2.repo_id = s1.repo_id AND s2.kind = 'week' AND s2.period_start > s1.period_start
JOIN c c2 ON c2.repo_id = s2.repo_id AND c2.commit_id = s2.commit_id
WHERE s1.kind = 'week' AND c2.seq < c1.seq;
