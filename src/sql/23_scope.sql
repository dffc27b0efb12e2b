-- anyscope analytics: marts, scope (at head) and effort: legacy sites, % migrated and estimated minutes per file,
-- directory, repository and team, and the patterns and dependency declarations behind them. Each view states its
-- GRAIN. Marts read staging views and the ref_ tables only (conventions: 22_usages.sql).

-- The site counts every report uses, defined once: scope (at head) and progress (per week) both sum these columns, so
-- "legacy sites" is the same number in both for the same snapshot. A site is a usage fact of mart_site_status (which
-- leaves out kinds 'patch' and 'reexport', and compatibility-layer candidates that did not resolve); sites reached
-- through a project's compatibility layer (via_module) count like any other. Each status is split three ways:
--   imports (kind 'import'), direct references (not an import, not derived) and derived facts (method facts inferred
--   from a value's origin: loop.run_until_complete after loop = asyncio.get_event_loop()).
-- <status>_sites = imports + direct + derived. % migrated counts direct references only:
--   anyscope_pct_migrated(anyio_refs, legacy_refs + broken_refs) -- broken sites count as not migrated.
-- half_migrated: the file imports a legacy or blocker library AND anyio (by the library's role, whatever the status).
-- Every path class is here (path_class, counted); scope and progress sum the counted rows only.
-- Counted once per file content where a content's sites are the same in every snapshot (most of them): a content
-- counts per snapshot only when it has compatibility-layer candidates (resolved per commit) or a missing name that
-- some patch fact defines somewhere (patched per snapshot); the status of its other sites is mart_site_rows' own.
CREATE OR REPLACE VIEW mart_file_sites AS        -- grain: one row per (repo, snapshot label, file path) with sites
WITH per_snapshot AS (   -- the contents whose sites' status depends on the snapshot (see above)
  SELECT DISTINCT blob_id FROM mart_blob_usages
  WHERE via IS NOT NULL
     OR (missing_name AND kind NOT IN ('unbound', 'patch', 'reexport')
         AND symbol IN (SELECT symbol FROM mart_blob_usages WHERE kind = 'patch'))
), per_snapshot_files AS (
  SELECT * FROM mart_snapshot_files WHERE blob_id IN (SELECT blob_id FROM per_snapshot)
), sites AS (            -- the rows counted: one per site of each other content, and per snapshot for those
  SELECT NULL::VARCHAR AS repo_id, NULL::VARCHAR AS label, NULL::VARCHAR AS path, u.blob_id,
         anyscope_site_status(u.kind, u.missing_name, false, l.role) AS status,
         coalesce(l.role, 'untracked') AS role, u.kind = 'import' AS is_import, u.derived
  FROM mart_blob_usages u LEFT JOIN ref_library_roles l ON l.library = u.library
  WHERE u.via IS NULL AND u.kind NOT IN ('patch', 'reexport')
    AND u.blob_id NOT IN (SELECT blob_id FROM per_snapshot)
  UNION ALL
  SELECT repo_id, label, path, blob_id, status, role, is_import, derived
  FROM anyscope_site_rows(per_snapshot_files)
), c AS (
  SELECT repo_id, label, path, blob_id,
         count(*) FILTER (WHERE status = 'legacy') AS legacy_sites,
         count(*) FILTER (WHERE status = 'legacy' AND is_import) AS legacy_imports,
         count(*) FILTER (WHERE status = 'legacy' AND NOT is_import AND NOT derived) AS legacy_refs,
         count(*) FILTER (WHERE status = 'legacy' AND NOT is_import AND derived) AS legacy_derived,
         count(*) FILTER (WHERE status = 'target') AS anyio_sites,
         count(*) FILTER (WHERE status = 'target' AND is_import) AS anyio_imports,
         count(*) FILTER (WHERE status = 'target' AND NOT is_import AND NOT derived) AS anyio_refs,
         count(*) FILTER (WHERE status = 'target' AND NOT is_import AND derived) AS anyio_derived,
         count(*) FILTER (WHERE status = 'broken') AS broken_sites,
         count(*) FILTER (WHERE status = 'broken' AND NOT is_import AND NOT derived) AS broken_refs,
         count(*) FILTER (WHERE status = 'neutral') AS neutral_sites,
         bool_or(is_import AND role IN ('legacy', 'blocker')) AND bool_or(is_import AND role = 'target') AS half_migrated
  FROM sites
  GROUP BY ALL
), f AS (                -- each snapshot's files with their counts: by content, or by snapshot and path
  SELECT sf.repo_id, sf.label, sf.path, sf.path_class, sf.counted, sf.parser, c.* EXCLUDE (repo_id, label, path)
  FROM mart_snapshot_files sf JOIN c ON c.repo_id IS NULL AND c.blob_id = sf.blob_id
  UNION ALL
  SELECT sf.repo_id, sf.label, sf.path, sf.path_class, sf.counted, sf.parser, c.* EXCLUDE (repo_id, label, path)
  FROM mart_snapshot_files sf JOIN c ON c.repo_id = sf.repo_id AND c.label = sf.label AND c.path = sf.path
)
SELECT f.repo_id, sn.repo, sn.team, f.label, sn.is_head_snapshot, anyscope_dir_of(f.path) AS dir, f.path,
       f.path_class, f.counted, f.legacy_sites, f.legacy_imports, f.legacy_refs, f.legacy_derived, f.anyio_sites,
       f.anyio_imports, f.anyio_refs, f.anyio_derived, f.broken_sites, f.broken_refs, f.neutral_sites,
       f.half_migrated, f.blob_id, f.parser
FROM f JOIN mart_snapshots sn ON sn.repo_id = f.repo_id AND sn.label = f.label;

-- est_minutes of a (file, tier) = sites * minutes_per_site(tier) + minutes_per_file(tier): the per-file overhead
-- of a tier is paid once per file that has at least one site of that tier.
CREATE OR REPLACE VIEW mart_scope_file_tier AS   -- grain: one row per (repo, file path, effort tier) with legacy sites at head
SELECT u.repo_id, u.repo, u.team, u.dir, u.path, u.path_class, u.tier,
       count(*) AS sites,
       count(*) FILTER (WHERE NOT u.is_import) AS refs,
       count(*) FILTER (WHERE u.is_import) AS imports,
       count(*) * coalesce(any_value(w.minutes_per_site), 0) + coalesce(any_value(w.minutes_per_file), 0) AS est_minutes
FROM mart_usages_head u LEFT JOIN ref_effort_weights w ON w.tier = u.tier
WHERE u.status = 'legacy' AND u.counted
GROUP BY ALL;

CREATE OR REPLACE VIEW mart_scope_file AS        -- grain: one row per (repo, file path) of a counted path class with tracked sites at head
WITH t AS (
  SELECT repo_id, path,
         CAST(sum(sites) FILTER (WHERE tier = 'mechanical') AS BIGINT) AS mechanical_sites,
         CAST(sum(sites) FILTER (WHERE tier = 'structural') AS BIGINT) AS structural_sites,
         CAST(sum(sites) FILTER (WHERE tier = 'manual') AS BIGINT) AS manual_sites,
         CAST(sum(sites) FILTER (WHERE tier = 'blocker') AS BIGINT) AS blocker_sites,
         sum(est_minutes) AS est_minutes,
         max(tier) FILTER (WHERE tier = 'blocker') IS NOT NULL AS has_blocker
  FROM mart_scope_file_tier GROUP BY ALL
)
SELECT a.repo_id, a.repo, a.team, a.dir, a.path, a.path_class,
       a.legacy_sites, a.legacy_refs, a.legacy_imports, a.legacy_derived,
       a.anyio_refs, a.anyio_derived, a.anyio_imports, a.broken_sites, a.broken_refs, a.neutral_sites,
       a.half_migrated,
       coalesce(t.mechanical_sites, 0) AS mechanical_sites, coalesce(t.structural_sites, 0) AS structural_sites,
       coalesce(t.manual_sites, 0) AS manual_sites, coalesce(t.blocker_sites, 0) AS blocker_sites,
       coalesce(t.est_minutes, 0) AS est_minutes, coalesce(t.has_blocker, false) AS has_blocker,
       anyscope_pct_migrated(a.anyio_refs, a.legacy_refs + a.broken_refs) AS pct_migrated
FROM mart_file_sites a LEFT JOIN t USING (repo_id, path)
WHERE a.is_head_snapshot AND a.counted;

CREATE OR REPLACE VIEW mart_scope_dir AS         -- grain: one row per (repo, directory) at head
SELECT repo_id, repo, team, dir,
       count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
       CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(legacy_refs) AS BIGINT) AS legacy_refs, CAST(sum(legacy_imports) AS BIGINT) AS legacy_imports,
       CAST(sum(legacy_derived) AS BIGINT) AS legacy_derived, CAST(sum(anyio_refs) AS BIGINT) AS anyio_refs, CAST(sum(broken_sites) AS BIGINT) AS broken_sites,
       count(*) FILTER (WHERE half_migrated) AS half_migrated_files,
       CAST(sum(mechanical_sites) AS BIGINT) AS mechanical_sites, CAST(sum(structural_sites) AS BIGINT) AS structural_sites,
       CAST(sum(manual_sites) AS BIGINT) AS manual_sites, CAST(sum(blocker_sites) AS BIGINT) AS blocker_sites, sum(est_minutes) AS est_minutes,
       anyscope_pct_migrated(CAST(sum(anyio_refs) AS BIGINT), CAST(sum(legacy_refs) AS BIGINT) + CAST(sum(broken_refs) AS BIGINT)) AS pct_migrated
FROM mart_scope_file GROUP BY ALL;

-- Declared dependencies (config_facts kind 'dependency') at head on a legacy or blocker library. Names are compared
-- PEP 503-normalised (case-insensitive, runs of - _ . equal). A dependency on a backend of a target library
-- (ref_library_roles.backend_of: trio for anyio) is left out when the same snapshot also declares that target, in any
-- file (pyproject, an optional group, requirements-trio.txt, tox deps; anyio[trio] declares anyio): it is the
-- target's backend, not a blocker. Declared without the target it is listed. Declarations in files of a path class
-- reports do not count (a vendored package's requirements, an archived copy's setup.py) are left out.
CREATE OR REPLACE VIEW mart_dependency_blockers AS  -- grain: one row per dependency declaration at each repo's head
WITH declared AS (
  SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.commit_id, f.path, f.path_class, c.line, c.name, c.value,
         c.section, l.library, l.role, l.backend_of
  FROM mart_snapshots sn
  JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
  JOIN stg_config_facts c ON c.blob_id = f.blob_id
  JOIN ref_library_roles l
    ON lower(regexp_replace(c.name, '[-_.]+', '-', 'g')) = lower(regexp_replace(l.pypi, '[-_.]+', '-', 'g'))
  WHERE sn.is_head_snapshot AND c.kind = 'dependency' AND f.counted
)
SELECT d.repo_id, d.repo, d.team, d.label, d.commit_id, d.path, d.path_class, d.line, d.name AS dependency, d.value AS spec,
       d.section, d.library, d.role
FROM declared d
WHERE d.role IN ('legacy', 'blocker')
  AND NOT EXISTS (SELECT 1 FROM declared t
                  WHERE t.repo_id = d.repo_id AND t.commit_id = d.commit_id AND t.library = d.backend_of);

CREATE OR REPLACE VIEW mart_scope_repo AS        -- grain: one row per repository (all of them, failed ones too)
WITH d AS (SELECT repo_id, CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(legacy_refs) AS BIGINT) AS legacy_refs,
                  CAST(sum(legacy_imports) AS BIGINT) AS legacy_imports, CAST(sum(anyio_refs) AS BIGINT) AS anyio_refs,
                  CAST(sum(legacy_derived) AS BIGINT) AS legacy_derived, CAST(sum(anyio_derived) AS BIGINT) AS anyio_derived,
                  CAST(sum(broken_sites) AS BIGINT) AS broken_sites, CAST(sum(broken_refs) AS BIGINT) AS broken_refs,
                  count(*) FILTER (WHERE broken_sites > 0) AS files_with_broken,
                  count(*) FILTER (WHERE half_migrated) AS half_migrated_files,
                  count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
                  CAST(sum(mechanical_sites) AS BIGINT) AS mechanical_sites, CAST(sum(structural_sites) AS BIGINT) AS structural_sites,
                  CAST(sum(manual_sites) AS BIGINT) AS manual_sites, CAST(sum(blocker_sites) AS BIGINT) AS blocker_sites, sum(est_minutes) AS est_minutes
           FROM mart_scope_file GROUP BY ALL),
     py AS (SELECT sn.repo_id, count(*) AS python_files, any_value(sn.label) AS head_label
            FROM mart_snapshots sn JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
            WHERE sn.is_head_snapshot AND f.parser = 'python' AND f.counted GROUP BY ALL),
     b AS (SELECT repo_id, count(*) AS blocker_deps,
                  string_agg(DISTINCT dependency, ', ' ORDER BY dependency) FILTER (WHERE role = 'blocker') AS blocker_dep_names,
                  string_agg(DISTINCT dependency, ', ' ORDER BY dependency) AS legacy_dep_names
           FROM mart_dependency_blockers GROUP BY ALL)
SELECT r.repo_id, r.repo, r.team, r.status, py.head_label,
       coalesce(py.python_files, 0) AS python_files,
       coalesce(d.files_with_legacy, 0) AS files_with_legacy,
       coalesce(d.legacy_sites, 0) AS legacy_sites, coalesce(d.legacy_refs, 0) AS legacy_refs,
       coalesce(d.legacy_imports, 0) AS legacy_imports, coalesce(d.legacy_derived, 0) AS legacy_derived,
       coalesce(d.anyio_refs, 0) AS anyio_refs, coalesce(d.anyio_derived, 0) AS anyio_derived,
       coalesce(d.broken_sites, 0) AS broken_sites, coalesce(d.broken_refs, 0) AS broken_refs,
       coalesce(d.files_with_broken, 0) AS files_with_broken, coalesce(d.half_migrated_files, 0) AS half_migrated_files,
       coalesce(d.mechanical_sites, 0) AS mechanical_sites, coalesce(d.structural_sites, 0) AS structural_sites,
       coalesce(d.manual_sites, 0) AS manual_sites, coalesce(d.blocker_sites, 0) AS blocker_sites,
       coalesce(b.blocker_deps, 0) AS dependency_blockers, b.legacy_dep_names AS dependency_blocker_names,
       coalesce(d.est_minutes, 0) AS est_minutes, coalesce(d.est_minutes, 0) / 60.0 AS est_hours,
       anyscope_pct_migrated(d.anyio_refs, d.legacy_refs + d.broken_refs) AS pct_migrated
FROM mart_repos r LEFT JOIN d USING (repo_id) LEFT JOIN py USING (repo_id) LEFT JOIN b USING (repo_id);

CREATE OR REPLACE VIEW mart_scope_team AS        -- grain: one row per team
SELECT team, count(*) AS repos, CAST(sum(python_files) AS BIGINT) AS python_files, CAST(sum(files_with_legacy) AS BIGINT) AS files_with_legacy,
       CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(legacy_refs) AS BIGINT) AS legacy_refs, CAST(sum(anyio_refs) AS BIGINT) AS anyio_refs,
       CAST(sum(broken_sites) AS BIGINT) AS broken_sites, CAST(sum(half_migrated_files) AS BIGINT) AS half_migrated_files,
       CAST(sum(blocker_sites) AS BIGINT) AS blocker_sites, CAST(sum(dependency_blockers) AS BIGINT) AS dependency_blockers,
       sum(est_minutes) / 60.0 AS est_hours,
       anyscope_pct_migrated(CAST(sum(anyio_refs) AS BIGINT), CAST(sum(legacy_refs) AS BIGINT) + CAST(sum(broken_refs) AS BIGINT)) AS pct_migrated
FROM mart_scope_repo GROUP BY ALL;

CREATE OR REPLACE VIEW mart_patterns_head AS     -- grain: one row per (category, library, symbol, tier) of legacy sites at head
SELECT u.category, coalesce(c.label, u.category) AS category_label, u.library, u.symbol, u.tier,
       list_sort(list_distinct(list(u.anyio_equivalent))) AS anyio_equivalents, bool_or(u.is_import) AS is_import,
       count(*) AS sites, count(DISTINCT u.repo_id || '/' || u.path) AS files, count(DISTINCT u.repo_id) AS repos,
       arg_max(u.risk, CASE u.risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END) AS risk
FROM mart_usages_head u LEFT JOIN ref_categories c ON c.category = u.category
WHERE u.status = 'legacy' AND u.counted
GROUP BY ALL;

-- Broken by the migration (status 'broken', 22_usages.sql): a reference to a tracked library's name that is not in its
-- public API (anyio.create_task after a search-and-replace) or a library name used where no import binds it (kind
-- 'unbound': asyncio.sleep after "import asyncio" became "import anyio"). tier and anyio_equivalent (the fix) are the
-- catalog entry's of the name it was copied from.
CREATE OR REPLACE VIEW mart_broken_head AS       -- grain: one row per (library, symbol, kind of break, tier) of broken sites at head
SELECT u.library, u.symbol, CASE WHEN u.kind = 'unbound' THEN 'unbound' ELSE 'missing name' END AS broken_by,
       u.tier, min(u.anyio_equivalent) AS anyio_equivalent,
       count(*) AS sites, count(DISTINCT u.repo_id || '/' || u.path) AS files, count(DISTINCT u.repo_id) AS repos
FROM mart_usages_head u
WHERE u.status = 'broken' AND u.counted
GROUP BY ALL;

-- Scope per path class at each repository's head, every class (counted or not): what the counted figures hold and
-- what they leave out ("archived: 487 legacy sites in 120 files (not counted)"). tracked_files: files rows at head;
-- the site columns sum mart_file_sites as scope does.
CREATE OR REPLACE VIEW mart_scope_path_class AS  -- grain: one row per (repo, path class) with tracked files at head
WITH files AS (
  SELECT sn.repo_id, f.path_class, count(*) AS tracked_files, count(*) FILTER (WHERE f.parser = 'python') AS python_files
  FROM mart_snapshots sn JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
  WHERE sn.is_head_snapshot GROUP BY ALL
), sites AS (
  SELECT repo_id, path_class, count(*) FILTER (WHERE legacy_sites > 0) AS files_with_legacy,
         CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(legacy_imports) AS BIGINT) AS legacy_imports, CAST(sum(legacy_refs) AS BIGINT) AS legacy_refs,
         CAST(sum(legacy_derived) AS BIGINT) AS legacy_derived, CAST(sum(anyio_sites) AS BIGINT) AS anyio_sites, CAST(sum(anyio_refs) AS BIGINT) AS anyio_refs,
         CAST(sum(broken_sites) AS BIGINT) AS broken_sites, CAST(sum(broken_refs) AS BIGINT) AS broken_refs,
         count(*) FILTER (WHERE broken_sites > 0) AS files_with_broken
  FROM mart_file_sites WHERE is_head_snapshot GROUP BY ALL
)
SELECT r.repo_id, r.repo, r.team, f.path_class, anyscope_counted(f.path_class) AS counted, f.tracked_files,
       f.python_files, coalesce(s.files_with_legacy, 0) AS files_with_legacy,
       coalesce(s.legacy_sites, 0) AS legacy_sites, coalesce(s.legacy_imports, 0) AS legacy_imports,
       coalesce(s.legacy_refs, 0) AS legacy_refs, coalesce(s.legacy_derived, 0) AS legacy_derived,
       coalesce(s.anyio_sites, 0) AS anyio_sites, coalesce(s.anyio_refs, 0) AS anyio_refs,
       coalesce(s.broken_sites, 0) AS broken_sites, coalesce(s.broken_refs, 0) AS broken_refs,
       coalesce(s.files_with_broken, 0) AS files_with_broken
FROM mart_repos r JOIN files f USING (repo_id) LEFT JOIN sites s USING (repo_id, path_class);
-- Sites reached through a project's compatibility layer at head: "12 sites via rollouts.aio" (22_usages.sql,
-- mart_compat_resolved). The layer's own facts are sites of its own path and are not counted here.
CREATE OR REPLACE VIEW mart_compat_modules_head AS  -- grain: one row per (repo, compatibility module) at head
SELECT repo_id, repo, team, via_module, min(via_path) AS via_path, bool_or(compat_declared) AS declared,
       count(*) AS sites,
       count(*) FILTER (WHERE status = 'target') AS anyio_sites,
       count(*) FILTER (WHERE status = 'legacy') AS legacy_sites,
       count(*) FILTER (WHERE NOT is_import AND NOT derived) AS refs,
       count(DISTINCT path) AS files
FROM mart_usages_head
WHERE via_module IS NOT NULL
GROUP BY ALL;
