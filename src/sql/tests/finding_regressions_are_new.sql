-- A new finding is at a point of its repository's series that has a previous complete point, and that point holds
-- no finding of the same site identity.
SELECT r.repo, r.period, r.path, r.line, r.rule_id FROM mart_finding_regressions r
JOIN mart_snapshots s ON s.repo_id = r.repo_id AND s.label = r.period
WHERE NOT s.in_series OR s.prev_label IS NULL
   OR EXISTS (SELECT 1 FROM mart_findings_snapshot p JOIN mart_findings_snapshot c
                ON c.repo_id = p.repo_id AND c.site_key = p.site_key
              WHERE p.repo_id = r.repo_id AND p.label = s.prev_label AND c.label = r.period AND c.path = r.path
                AND c.line = r.line AND c.rule_id = r.rule_id);
