-- anyscope analytics: marts, scope (at head) and effort: legacy sites, % migrated and estimated minutes per file,
-- directory, repository and team, and the patterns and dependency declarations behind them. Each view states its
-- GRAIN. Marts read staging views and the ref_ tables only (conventions: 22_usages.sql).

-- est_minutes of a (file, tier) = sites * minutes_per_site(tier) + minutes_per_file(tier): the per-file overhead
-- of a tier is paid once per file that has at least one site of that tier.
CREATE OR REPLACE VIEW mart_scope_file_tier AS   -- grain: one row per (repo, file path, effort tier) with legacy sites at head
SELECT u.repo_id, u.repo, u.team, u.dir, u.path, u.tier,
       count(*) AS sites,
       count(*) FILTER (WHERE NOT u.is_import) AS refs,
       count(*) FILTER (WHERE u.is_import) AS imports,
       count(*) * coalesce(any_value(w.minutes_per_site), 0) + coalesce(any_value(w.minutes_per_file), 0) AS est_minutes
FROM mart_usages_head u LEFT JOIN ref_effort_weights w ON w.tier = u.tier
WHERE u.status = 'legacy'
GROUP BY ALL;

CREATE OR REPLACE VIEW mart_scope_file AS        -- grain: one row per (repo, file path) with legacy or anyio sites at head
WITH t AS (
  SELECT repo_id, path,
         sum(sites) AS legacy_sites, sum(refs) AS legacy_refs, sum(imports) AS legacy_imports,
         sum(sites) FILTER (WHERE tier = 'mechanical') AS mechanical_sites,
         sum(sites) FILTER (WHERE tier = 'structural') AS structural_sites,
         sum(sites) FILTER (WHERE tier = 'manual') AS manual_sites,
         sum(sites) FILTER (WHERE tier = 'blocker') AS blocker_sites,
         sum(est_minutes) AS est_minutes,
         max(tier) FILTER (WHERE tier = 'blocker') IS NOT NULL AS has_blocker
  FROM mart_scope_file_tier GROUP BY ALL
), a AS (
  SELECT repo_id, repo, team, dir, path,
         count(*) FILTER (WHERE status = 'target' AND NOT is_import) AS anyio_refs,
         count(*) FILTER (WHERE status = 'neutral') AS neutral_sites
  FROM mart_usages_head GROUP BY ALL
)
SELECT a.repo_id, a.repo, a.team, a.dir, a.path,
       coalesce(t.legacy_sites, 0) AS legacy_sites, coalesce(t.legacy_refs, 0) AS legacy_refs,
       coalesce(t.legacy_imports, 0) AS legacy_imports, a.anyio_refs, a.neutral_sites,
       coalesce(t.mechanical_sites, 0) AS mechanical_sites, coalesce(t.structural_sites, 0) AS structural_sites,
       coalesce(t.manual_sites, 0) AS manual_sites, coalesce(t.blocker_sites, 0) AS blocker_sites,
       coalesce(t.est_minutes, 0) AS est_minutes, coalesce(t.has_blocker, false) AS has_blocker,
       anyscope_pct_migrated(a.anyio_refs, coalesce(t.legacy_refs, 0)) AS pct_migrated
FROM a LEFT JOIN t USING (repo_id, path);

CREATE OR REPLACE VIEW mart_scope_dir AS         -- grain: one row per (repo, directory) at head
SELECT repo_id, repo, team, dir,
       count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
       sum(legacy_sites) AS legacy_sites, sum(legacy_refs) AS legacy_refs, sum(legacy_imports) AS legacy_imports,
       sum(anyio_refs) AS anyio_refs,
       sum(mechanical_sites) AS mechanical_sites, sum(structural_sites) AS structural_sites,
       sum(manual_sites) AS manual_sites, sum(blocker_sites) AS blocker_sites, sum(est_minutes) AS est_minutes,
       anyscope_pct_migrated(sum(anyio_refs), sum(legacy_refs)) AS pct_migrated
FROM mart_scope_file GROUP BY ALL;

-- Declared dependencies (config_facts kind 'dependency') at head on a legacy or blocker library. Names are compared
-- PEP 503-normalised (case-insensitive, runs of - _ . equal). A dependency on a backend of a target library
-- (ref_library_roles.backend_of: trio for anyio) is left out when the same snapshot also declares that target, in any
-- file (pyproject, an optional group, requirements-trio.txt, tox deps; anyio[trio] declares anyio): it is the
-- target's backend, not a blocker. Declared without the target it is listed.
CREATE OR REPLACE VIEW mart_dependency_blockers AS  -- grain: one row per dependency declaration at each repo's head
WITH declared AS (
  SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.commit_id, f.path, c.line, c.name, c.value, c.section, l.library,
         l.role, l.backend_of
  FROM mart_snapshots sn
  JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
  JOIN stg_config_facts c ON c.blob_id = f.blob_id
  JOIN ref_library_roles l
    ON lower(regexp_replace(c.name, '[-_.]+', '-', 'g')) = lower(regexp_replace(l.pypi, '[-_.]+', '-', 'g'))
  WHERE sn.is_head_snapshot AND c.kind = 'dependency'
)
SELECT d.repo_id, d.repo, d.team, d.label, d.commit_id, d.path, d.line, d.name AS dependency, d.value AS spec,
       d.section, d.library, d.role
FROM declared d
WHERE d.role IN ('legacy', 'blocker')
  AND NOT EXISTS (SELECT 1 FROM declared t
                  WHERE t.repo_id = d.repo_id AND t.commit_id = d.commit_id AND t.library = d.backend_of);

CREATE OR REPLACE VIEW mart_scope_repo AS        -- grain: one row per repository (all of them, failed ones too)
WITH d AS (SELECT repo_id, sum(legacy_sites) AS legacy_sites, sum(legacy_refs) AS legacy_refs,
                  sum(legacy_imports) AS legacy_imports, sum(anyio_refs) AS anyio_refs,
                  count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
                  sum(mechanical_sites) AS mechanical_sites, sum(structural_sites) AS structural_sites,
                  sum(manual_sites) AS manual_sites, sum(blocker_sites) AS blocker_sites, sum(est_minutes) AS est_minutes
           FROM mart_scope_file GROUP BY ALL),
     py AS (SELECT sn.repo_id, count(*) AS python_files, any_value(sn.label) AS head_label
            FROM mart_snapshots sn JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
            WHERE sn.is_head_snapshot AND f.parser = 'python' GROUP BY ALL),
     b AS (SELECT repo_id, count(*) AS blocker_deps,
                  string_agg(DISTINCT dependency, ', ' ORDER BY dependency) FILTER (WHERE role = 'blocker') AS blocker_dep_names,
                  string_agg(DISTINCT dependency, ', ' ORDER BY dependency) AS legacy_dep_names
           FROM mart_dependency_blockers GROUP BY ALL)
SELECT r.repo_id, r.repo, r.team, r.status, py.head_label,
       coalesce(py.python_files, 0) AS python_files,
       coalesce(d.files_with_legacy, 0) AS files_with_legacy,
       coalesce(d.legacy_sites, 0) AS legacy_sites, coalesce(d.legacy_refs, 0) AS legacy_refs,
       coalesce(d.legacy_imports, 0) AS legacy_imports, coalesce(d.anyio_refs, 0) AS anyio_refs,
       coalesce(d.mechanical_sites, 0) AS mechanical_sites, coalesce(d.structural_sites, 0) AS structural_sites,
       coalesce(d.manual_sites, 0) AS manual_sites, coalesce(d.blocker_sites, 0) AS blocker_sites,
       coalesce(b.blocker_deps, 0) AS dependency_blockers, b.legacy_dep_names AS dependency_blocker_names,
       coalesce(d.est_minutes, 0) AS est_minutes, coalesce(d.est_minutes, 0) / 60.0 AS est_hours,
       anyscope_pct_migrated(d.anyio_refs, d.legacy_refs) AS pct_migrated
FROM mart_repos r LEFT JOIN d USING (repo_id) LEFT JOIN py USING (repo_id) LEFT JOIN b USING (repo_id);

CREATE OR REPLACE VIEW mart_scope_team AS        -- grain: one row per team
SELECT team, count(*) AS repos, sum(python_files) AS python_files, sum(files_with_legacy) AS files_with_legacy,
       sum(legacy_sites) AS legacy_sites, sum(legacy_refs) AS legacy_refs, sum(anyio_refs) AS anyio_refs,
       sum(blocker_sites) AS blocker_sites, sum(dependency_blockers) AS dependency_blockers,
       sum(est_minutes) / 60.0 AS est_hours,
       anyscope_pct_migrated(sum(anyio_refs), sum(legacy_refs)) AS pct_migrated
FROM mart_scope_repo GROUP BY ALL;

CREATE OR REPLACE VIEW mart_patterns_head AS     -- grain: one row per (category, library, symbol, tier) of legacy sites at head
SELECT u.category, coalesce(c.label, u.category) AS category_label, u.library, u.symbol, u.tier,
       any_value(u.anyio_equivalent) AS anyio_equivalent, bool_or(u.is_import) AS is_import,
       count(*) AS sites, count(DISTINCT u.repo_id || '/' || u.path) AS files, count(DISTINCT u.repo_id) AS repos,
       arg_max(u.risk, CASE u.risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END) AS risk
FROM mart_usages_head u LEFT JOIN ref_categories c ON c.category = u.category
WHERE u.status = 'legacy'
GROUP BY ALL;
