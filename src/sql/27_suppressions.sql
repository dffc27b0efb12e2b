-- Suppressed in code: legacy and broken sites named by an inline `# anyscope: ignore[NAME,...] reason` comment on
-- their line or the line above (usages.suppression; the rule anyscope check applies). A suppression hides a site
-- from the pull-request gate only; here the sites still count as work (every headline includes them) and are
-- listed, so a suppression cannot hide work. Files of the counted path classes only, as the headlines. A comment without a reason suppresses nothing (check reports it).

CREATE OR REPLACE VIEW mart_suppressed_head AS   -- grain: one row per legacy or broken site at head named by a suppression comment
SELECT repo_id, repo, team, path, path_class, line, col, library, symbol, status, tier, anyio_equivalent,
       trim(source_line) AS source_line, suppression AS reason, suppression <> '' AS has_reason
FROM mart_usages_head
WHERE suppression IS NOT NULL AND status IN ('legacy', 'broken') AND counted;

CREATE OR REPLACE VIEW rpt_suppressed_summary AS -- grain: one row: suppressed sites at head, over every repository
SELECT count(*) AS sites, count(DISTINCT repo_id || '/' || path) AS files,
       count(*) FILTER (WHERE NOT has_reason) AS without_reason
FROM mart_suppressed_head;

CREATE OR REPLACE VIEW rpt_suppressed AS         -- grain: one row per suppressed site at head, by repository, path and line
SELECT repo, path, line, col, symbol, status, tier,
       CASE WHEN has_reason THEN reason ELSE '(no reason: suppresses nothing in check)' END AS reason, source_line
FROM mart_suppressed_head ORDER BY repo, path, line, col, symbol;
