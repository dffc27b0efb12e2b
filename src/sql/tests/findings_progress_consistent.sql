-- Along each repository's series, the migration mistakes at a point are those of its previous complete point plus the
-- new ones (mart_finding_regressions) minus the fixed ones (mart_finding_fixes).
SELECT r.repo, r.period, p.findings AS before, r.new_findings, r.fixed_findings, r.findings
FROM mart_progress_repo_week r
JOIN mart_snapshots s ON s.repo_id = r.repo_id AND s.label = r.period
JOIN mart_progress_repo_week p ON p.repo_id = r.repo_id AND p.period = s.prev_label
WHERE r.findings <> p.findings + r.new_findings - r.fixed_findings;
