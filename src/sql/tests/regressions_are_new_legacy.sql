-- Regressions are legacy or broken sites of points of their repository's progress series (a week, month, tag or
-- commit) that have a previous point.
SELECT r.repo, r.week, r.path, r.line FROM mart_regressions r
LEFT JOIN mart_snapshots s ON s.repo = r.repo AND s.label = r.week
WHERE NOT s.in_series OR s.kind <> r.period_kind OR s.prev_label IS NULL OR r.tier = 'none'
   OR r.status NOT IN ('legacy', 'broken');
