-- anyscope analytics: marts, usages: every usage site in every snapshot, with its migration status, effort tier and
-- site identity. Each view states its GRAIN. Marts read staging views and the ref_ tables only.
--
-- Conventions used by every mart from here on:
--   * role of a library comes from the catalog (src/catalog/catalog.yaml, read into ref_library_roles by
--     20_reference.sql).
--   * migration status of a site: 'legacy' (library role legacy or blocker), 'target' (anyio), 'neutral' (bridge
--     libraries such as sniffio, and any library the catalog does not list).
--   * imports are sites too (is_import = kind = 'import') and count for effort, scope and regressions, but
--     % migrated counts REFERENCES ONLY (non-import sites):
--        pct_migrated = 100 * target_refs / (legacy_refs + target_refs), NULL when both are 0
--        (anyscope_pct_migrated, 05_macros.sql).
--   * effort tier of a legacy site: 'blocker' when its library's role is blocker, else the catalog effort of the
--     fact, else 'manual' (an uncatalogued legacy API needs a human). Target and neutral sites have tier 'none'.
--   * site identity (to follow a site across snapshots without blame): (path, symbol, trimmed source line,
--     occurrence number of that triple in the file ordered by line). Moving code up or down does not change it;
--     renaming the file or editing the line does.

-- usages ⨝ blobs ⨝ files ⨝ snapshots. A blob present at two paths yields one row per path.
CREATE OR REPLACE VIEW mart_usages_snapshot AS   -- grain: one row per usage fact per file path per snapshot
SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.kind AS snapshot_kind, sn.period_start, sn.period_end,
       sn.is_head_snapshot, sn.commit_id, sn.author, sn.author_time,
       f.path, anyscope_dir_of(f.path) AS dir,
       f.blob_id, f.parser,
       u.line, u.col, u.end_line, u.end_col, u.kind, u.context, u.library, u.symbol, u.alias, u.scope, u.in_async,
       u.derived, u.source_line, u.rule_id, u.category, u.anyio_equivalent, u.effort, u.risk
FROM mart_snapshots sn
JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_blobs b ON b.blob_id = f.blob_id AND b.parser = f.parser
JOIN stg_usages u ON u.blob_id = f.blob_id;

-- Migration status per site (see the conventions at the top of this file).
CREATE OR REPLACE VIEW mart_site_status AS       -- grain: one row per usage site per file path per snapshot
WITH x AS (
  SELECT u.*, coalesce(l.role, 'untracked') AS role,
         CASE WHEN l.role IN ('legacy', 'blocker') THEN 'legacy' WHEN l.role = 'target' THEN 'target'
              ELSE 'neutral' END AS status,
         u.kind = 'import' AS is_import,
         CASE WHEN u.scope IS NULL OR u.scope = '' THEN '<module>' ELSE u.scope END AS function
  FROM mart_usages_snapshot u LEFT JOIN ref_library_roles l ON l.library = u.library
)
SELECT x.*,
       CASE WHEN status <> 'legacy' THEN 'none' WHEN role = 'blocker' THEN 'blocker'
            ELSE coalesce(effort, 'manual') END AS tier,
       status IN ('legacy', 'target') AND NOT is_import AS counts_for_pct,
       path || chr(31) || symbol || chr(31) || trim(source_line) || chr(31) ||
         CAST(row_number() OVER (PARTITION BY repo_id, label, path, symbol, trim(source_line) ORDER BY line, col)
              AS VARCHAR) AS site_key
FROM x;

CREATE OR REPLACE VIEW mart_usages_head AS       -- grain: one row per usage site per file path at each repo's head
SELECT * FROM mart_site_status WHERE is_head_snapshot;
