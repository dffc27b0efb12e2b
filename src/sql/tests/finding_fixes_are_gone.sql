-- A fixed finding was at the previous complete point of its repository's series and its site identity is not at
-- this point.
SELECT f.repo, f.period, f.path, f.line, f.rule_id FROM mart_finding_fixes f
JOIN mart_snapshots s ON s.repo_id = f.repo_id AND s.label = f.period
WHERE NOT s.in_series OR s.prev_label IS NULL
   OR NOT EXISTS (SELECT 1 FROM mart_findings_snapshot p WHERE p.repo_id = f.repo_id AND p.label = s.prev_label
                    AND p.path = f.path AND p.line = f.line AND p.rule_id = f.rule_id)
   OR EXISTS (SELECT 1 FROM mart_findings_snapshot p JOIN mart_findings_snapshot c
                ON c.repo_id = p.repo_id AND c.site_key = p.site_key
              WHERE p.repo_id = f.repo_id AND p.label = s.prev_label AND c.label = f.period AND p.path = f.path
                AND p.line = f.line AND p.rule_id = f.rule_id);
