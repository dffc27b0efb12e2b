-- anyscope analytics: marts, usages: every usage site in every snapshot, with its migration status, effort tier and
-- site identity. Each view states its GRAIN. Marts read staging views and the ref_ tables only.
--
-- Conventions used by every mart from here on:
--   * role of a library comes from the catalog (src/catalog/catalog.yaml, read into ref_library_roles by
--     20_reference.sql).
--   * a site is a usage fact other than a 'patch' (kinds import, call, access, method, unbound). A 'patch' fact
--     (an assignment to a library's attribute, `anyio.StreamReader = ...`) is no site: it only makes its symbol exist
--     in its repository snapshot, and is left out of mart_site_status and so of every count.
--   * migration status of a site, first match wins:
--       'broken'  kind = 'unbound' (a library name used without an import: a NameError), or missing_name (a name
--                 of the target library that its public API does not have, `anyio.create_task`; the extractor's
--                 Catalog.isMissingTargetName, the rule `check` uses) and no 'patch' fact of that symbol in the
--                 same repository snapshot (any path);
--       'legacy'  library role legacy or blocker;
--       'target'  library role target (anyio);
--       'neutral' bridge libraries such as sniffio, and any library the catalog does not list.
--     Unknown names of legacy libraries (asyncio, trio) are not broken: their reference lists depend on the Python
--     or trio version, and an old trio name is code to migrate, not debris.
--   * imports are sites too (is_import = kind = 'import') and count for effort, scope and regressions, but
--     % migrated counts DIRECT REFERENCES ONLY (not imports, not derived method facts; counts_for_pct):
--        pct_migrated = 100 * target_refs / (legacy_refs + broken_refs + target_refs), NULL when all are 0
--        (anyscope_pct_migrated, 05_macros.sql; the columns of mart_file_sites, 23_scope.sql).
--   * effort tier of a legacy site: 'blocker' when its library's role is blocker, else the catalog effort of the
--     fact, else 'manual' (an uncatalogued legacy API needs a human). Target and neutral sites have tier 'none'.
--     A broken site's tier is that of the entry it takes its classification from (for a missing name, the legacy
--     name it was copied from: `anyio.create_task` -> asyncio.create_task, structural): 'blocker' for a blocker
--     library, 'manual' without an entry, 'mechanical' when the entry says 'none' (an existing AnyIO name used
--     without its import: add the import); never 'none'. Broken sites count as NOT migrated: counts_for_pct is
--     true for broken references, which belong with legacy_refs in % migrated.
--   * path classes: mart_usages_snapshot, mart_site_status and mart_usages_head hold the sites of every class with
--     path_class and counted; every mart that counts or ranks sites (scope, patterns, broken names, hotspots,
--     progress, regressions, file deltas, dependency blockers) keeps the counted classes only (default source and
--     test; anyscope_path_classes), and rpt_path_classes states the others apart.
--   * site identity (to follow a site across snapshots without blame): (path, symbol, trimmed source line,
--     occurrence number of that triple in the file ordered by line). Moving code up or down does not change it;
--     renaming the file or editing the line does.

-- usages ⨝ blobs ⨝ files ⨝ snapshots. A blob present at two paths yields one row per path. Every path class is here
-- (path_class, counted: 20_reference_path_classes.sql); the marts that count sites keep the counted ones.
CREATE OR REPLACE VIEW mart_usages_snapshot AS   -- grain: one row per usage fact per file path per snapshot
SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.kind AS snapshot_kind, sn.period_start, sn.period_end,
       sn.is_head_snapshot, sn.commit_id, sn.author, sn.author_time,
       f.path, anyscope_dir_of(f.path) AS dir, f.path_class, f.counted,
       f.blob_id, f.parser,
       u.line, u.col, u.end_line, u.end_col, u.kind, u.context, u.library, u.symbol, u.alias, u.scope, u.in_async,
       u.derived, u.source_line, u.rule_id, u.category, u.anyio_equivalent, u.effort, u.risk, u.missing_name,
       u.suppression
FROM mart_snapshots sn
JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_blobs b ON b.blob_id = f.blob_id AND b.parser = f.parser
JOIN stg_usages u ON u.blob_id = f.blob_id;

-- Migration status per site (see the conventions at the top of this file).
-- Patch facts are not sites: left out here (patched tells whether a missing name was patched in).
CREATE OR REPLACE VIEW mart_site_status AS       -- grain: one row per usage site per file path per snapshot
WITH patches AS (
  SELECT DISTINCT repo_id, label, symbol FROM mart_usages_snapshot WHERE kind = 'patch'
), x AS (
  SELECT u.*, coalesce(l.role, 'untracked') AS role,
         p.symbol IS NOT NULL AS patched,
         CASE WHEN u.kind = 'unbound' OR (u.missing_name AND p.symbol IS NULL) THEN 'broken'
              WHEN l.role IN ('legacy', 'blocker') THEN 'legacy' WHEN l.role = 'target' THEN 'target'
              ELSE 'neutral' END AS status,
         u.kind = 'import' AS is_import,
         CASE WHEN u.scope IS NULL OR u.scope = '' THEN '<module>' ELSE u.scope END AS function
  FROM mart_usages_snapshot u LEFT JOIN ref_library_roles l ON l.library = u.library
  LEFT JOIN patches p ON p.repo_id = u.repo_id AND p.label = u.label AND p.symbol = u.symbol
  WHERE u.kind <> 'patch'
)
SELECT x.*,
       CASE WHEN status NOT IN ('legacy', 'broken') THEN 'none' WHEN role = 'blocker' THEN 'blocker'
            WHEN status = 'broken' AND effort = 'none' THEN 'mechanical'
            ELSE coalesce(effort, 'manual') END AS tier,
       status IN ('legacy', 'broken', 'target') AND NOT is_import AND NOT derived AS counts_for_pct,
       path || chr(31) || symbol || chr(31) || trim(source_line) || chr(31) ||
         CAST(row_number() OVER (PARTITION BY repo_id, label, path, symbol, trim(source_line) ORDER BY line, col)
              AS VARCHAR) AS site_key
FROM x;

CREATE OR REPLACE VIEW mart_usages_head AS       -- grain: one row per usage site per file path at each repo's head
SELECT * FROM mart_site_status WHERE is_head_snapshot;
