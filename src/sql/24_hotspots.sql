-- anyscope analytics: marts, hotspots: legacy sites at head weighted by category and risk, times the churn of their
-- file. Each view states its GRAIN. Marts read staging views and the ref_ tables only (conventions: 22_usages.sql).

-- The churn window of a repository: the first-parent commits whose committer date is in the trailing
-- anyscope_churn_weeks weeks ending at the repository's head snapshot commit: (head commit_time - 7 * N days,
-- head commit_time]. Counted from the changes the data set holds (a scan lists them from its first snapshot window,
-- or for --history head the last --churn-weeks weeks, to the tip). file_path: the file's path after the renames that
-- followed the change (mart_change_files).
CREATE OR REPLACE VIEW mart_churn_changes AS     -- grain: one row per mart_changes row (repo, commit, path) in the churn window
WITH h AS (SELECT repo_id, commit_time AS head_time FROM mart_snapshots WHERE is_head_snapshot)
SELECT c.*
FROM mart_change_files c JOIN h USING (repo_id)
WHERE c.commit_time > h.head_time - to_days(7 * CAST(getvariable('anyscope_churn_weeks') AS INTEGER))
  AND c.commit_time <= h.head_time;

-- churn of a file = number of first-parent commits in the churn window (mart_churn_changes) that changed the file,
-- adds, deletes, renames and copies included, following it across renames: path is the file's latest path
-- (file_path), and the changes it had under its earlier names count for it (a rename is one change of the renamed
-- file, not a delete of one file and an add of another). A copy is one change of the new file; its source keeps its
-- own churn.
CREATE OR REPLACE VIEW mart_file_churn AS        -- grain: one row per (repo, file path) changed in the churn window
SELECT repo_id, file_path AS path, count(DISTINCT seq) AS churn, count(DISTINCT author) AS authors,
       max(commit_time) AS last_changed
FROM mart_churn_changes
GROUP BY ALL;

-- site_weight = category_weight(category) * risk_weight(risk) (ref_risk_weights; unlisted keys weigh 1), over
-- LEGACY sites at head (imports included) in files of the counted path classes. score = sum(site_weight) * greatest(churn, 1): a file no commit touched in
-- the churn window (churn 0) scores its weight.
CREATE OR REPLACE VIEW mart_hotspot_sites AS     -- grain: one row per legacy site per file path at head
SELECT u.*, coalesce(cw.weight, 1) AS category_weight, coalesce(rw.weight, 1) AS risk_weight,
       coalesce(cw.weight, 1) * coalesce(rw.weight, 1) AS site_weight,
       coalesce(ch.churn, 0) AS churn
FROM mart_usages_head u
LEFT JOIN ref_risk_weights cw ON cw.dimension = 'category' AND cw."key" = u.category
LEFT JOIN ref_risk_weights rw ON rw.dimension = 'risk' AND rw."key" = coalesce(u.risk, '')
LEFT JOIN mart_file_churn ch ON ch.repo_id = u.repo_id AND ch.path = u.path
WHERE u.status = 'legacy' AND u.counted;

-- Migration mistakes at head in files of the counted path classes (mart_findings_counted, 22_findings.sql) weigh like
-- high-risk sites: finding_weight = ref_risk_weights row (dimension 'finding', key = the rule's severity; unlisted
-- severities weigh 1). A finding has no category and no enclosing function: it counts per file only.
CREATE OR REPLACE VIEW mart_hotspot_findings AS  -- grain: one row per finding per file path at head
SELECT x.*, coalesce(fw.weight, 1) AS finding_weight, coalesce(ch.churn, 0) AS churn
FROM mart_findings_counted x
LEFT JOIN ref_risk_weights fw ON fw.dimension = 'finding' AND fw."key" = x.severity
LEFT JOIN mart_file_churn ch ON ch.repo_id = x.repo_id AND ch.path = x.path
WHERE x.is_head_snapshot;

-- A file ranks by score = (Σ site_weight of its legacy sites + Σ finding_weight of its findings) × greatest(churn, 1):
-- a file whose only problem is a migration mistake ranks too, and of two otherwise identical files the one with a
-- finding ranks higher.
CREATE OR REPLACE VIEW mart_hotspot_files AS     -- grain: one row per (repo, file path) with legacy sites or findings at head
WITH c AS (SELECT repo_id, path, category, sum(site_weight) AS w, count(*) AS n FROM mart_hotspot_sites GROUP BY ALL),
     top AS (SELECT repo_id, path, string_agg(category || ' (' || n || ')', ', ' ORDER BY w DESC, category) AS top_categories
             FROM (SELECT *, row_number() OVER (PARTITION BY repo_id, path ORDER BY w DESC, category) AS rn FROM c)
             WHERE rn <= 3 GROUP BY ALL),
     l AS (SELECT repo_id, any_value(repo) AS repo, any_value(team) AS team, path, any_value(path_class) AS path_class,
                  count(*) AS legacy_sites, sum(site_weight) AS w, any_value(churn) AS churn
           FROM mart_hotspot_sites GROUP BY repo_id, path),
     r AS (SELECT repo_id, path, rule_id, count(*) AS n, sum(finding_weight) AS w FROM mart_hotspot_findings GROUP BY ALL),
     x AS (SELECT repo_id, any_value(repo) AS repo, any_value(team) AS team, path, any_value(path_class) AS path_class,
                  count(*) AS findings, sum(finding_weight) AS w, any_value(churn) AS churn
           FROM mart_hotspot_findings GROUP BY repo_id, path),
     xr AS (SELECT repo_id, path, string_agg(rule_id || ' (' || n || ')', ', ' ORDER BY w DESC, rule_id) AS finding_rules
            FROM r GROUP BY ALL),
     f AS (SELECT repo_id, path, coalesce(l.repo, x.repo) AS repo, coalesce(l.team, x.team) AS team,
                  coalesce(l.path_class, x.path_class) AS path_class, coalesce(l.legacy_sites, 0) AS legacy_sites,
                  coalesce(x.findings, 0) AS findings, coalesce(l.w, 0) + coalesce(x.w, 0) AS base_score,
                  coalesce(l.churn, x.churn) AS churn,
                  (coalesce(l.w, 0) + coalesce(x.w, 0)) * greatest(coalesce(l.churn, x.churn), 1) AS score
           FROM l FULL JOIN x USING (repo_id, path))
SELECT f.repo_id, f.repo, f.team, f.path, f.path_class, f.legacy_sites, f.findings, f.base_score, f.churn, f.score,
       top.top_categories, xr.finding_rules, rank() OVER (ORDER BY f.score DESC) AS rank
FROM f LEFT JOIN top USING (repo_id, path) LEFT JOIN xr USING (repo_id, path);

CREATE OR REPLACE VIEW mart_hotspot_functions AS -- grain: one row per (repo, file path, enclosing function) with legacy sites at head
SELECT *, rank() OVER (ORDER BY score DESC) AS rank
FROM (SELECT repo_id, repo, team, path, path_class, function, count(*) AS legacy_sites, sum(site_weight) AS base_score,
             any_value(churn) AS churn, sum(site_weight) * greatest(any_value(churn), 1) AS score,
             string_agg(DISTINCT category, ', ' ORDER BY category) AS categories
      FROM mart_hotspot_sites GROUP BY ALL);
