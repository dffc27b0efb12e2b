-- A broken site (22_usages.sql: unbound, or a missing target name not patched in) has a tier to fix it by: never
-- 'none', and without a catalog rule only 'manual' (or 'blocker' for a blocker library). Returns the offenders.
SELECT repo, label, path, line, col, kind, symbol, rule_id, tier
FROM mart_site_status
WHERE status = 'broken' AND (tier = 'none' OR (rule_id IS NULL AND tier NOT IN ('manual', 'blocker')));
