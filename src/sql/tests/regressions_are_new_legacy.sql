-- Regressions are legacy or broken sites of weekly snapshots that have a previous week.
SELECT r.repo, r.week, r.path, r.line FROM mart_regressions r
LEFT JOIN mart_snapshots s ON s.repo = r.repo AND s.label = r.week
WHERE s.kind <> 'week' OR s.prev_label IS NULL OR r.tier = 'none' OR r.status NOT IN ('legacy', 'broken');
