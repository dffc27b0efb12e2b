-- The effort weights file prices every tier that legacy sites use, with non-negative minutes.
SELECT t.tier, w.minutes_per_site, w.minutes_per_file FROM ref_effort_tiers t LEFT JOIN ref_effort_weights w USING (tier)
WHERE w.tier IS NULL OR w.minutes_per_site < 0 OR w.minutes_per_file < 0;
