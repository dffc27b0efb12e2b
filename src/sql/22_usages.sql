-- anyscope analytics: marts, usages: every usage site in every snapshot, with its migration status, effort tier and
-- site identity. Each view states its GRAIN. Marts read staging views and the ref_ tables only.
--
-- Conventions used by every mart from here on:
--   * role of a library comes from the catalog (src/catalog/catalog.yaml, read into ref_library_roles by
--     20_reference.sql).
--   * a site is a usage fact other than a 'patch' or 'reexport' (kinds import, call, access, method, unbound). A
--     'patch' fact (an assignment to a library's attribute, `anyio.StreamReader = ...`) is no site: it only makes its
--     symbol exist in its repository snapshot; a 'reexport' (`TaskGroup = anyio.abc.TaskGroup` at module level) only
--     says what its module exports. Both are left out of mart_site_status and so of every count.
--   * a project's compatibility layer is the tracked library by proxy: `from rollouts.aio import create_task_group`
--     and `create_task_group()` in a file migrated onto `rollouts/aio.py` are anyio sites when that module re-exports
--     anyio's create_task_group (mart_compat_resolved), labelled via_module/via_path; the compatibility module's own
--     facts (its imports of anyio, its asyncio wrappers) are ordinary sites of its own path.
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
--     occurrence number of that triple in the file ordered by line, column and kind). Moving code up or down does
--     not change it; renaming the file or editing the line does.

-- The usage facts of each file content (stg_usages) with blob_occurrence: the site occurrence number (see site identity
-- above) among the content's own sites, computed once per blob rather than once per snapshot (mart_site_status), and
-- once for every mart that reads it (a window over every fact carried all their columns, twice per build); and
-- fact_no, the fact's number in its blob, by which the per-snapshot marts (mart_usage_rows, mart_site_rows) name it
-- instead of copying its columns. Facts that tie on the ordering columns are whole duplicates (the same fact listed
-- twice), so which of them gets which number does not matter. The scan stores both numbers (usages.fact_no,
-- usages.blob_occurrence: FactNumbers, by this definition; data test fact_numbers_as_defined); the facts of a data
-- set written before those columns are numbered here, by the windows below.
-- anyscope_fact_numbers(stored): the facts of stg_usages whose numbers the scan stored (stored true) or not (false:
-- data sets written before usages.fact_no), each with the numbers this definition gives it, defined_fact_no and
-- defined_occurrence. The one definition of both windows: the fallback below and the data test
-- fact_numbers_as_defined read it.
CREATE OR REPLACE MACRO anyscope_fact_numbers(stored) AS TABLE
SELECT *,
       row_number() OVER (PARTITION BY blob_id ORDER BY line, col, kind, symbol, library, via NULLS FIRST,
                                                        via_name NULLS FIRST) AS defined_fact_no,
       CASE WHEN via IS NULL AND kind NOT IN ('patch', 'reexport') THEN
            row_number() OVER (PARTITION BY blob_id, via IS NULL AND kind NOT IN ('patch', 'reexport'), symbol,
                                            trim(source_line) ORDER BY line, col, kind) END AS defined_occurrence
FROM stg_usages WHERE (fact_no IS NOT NULL) = stored;

CREATE OR REPLACE VIEW mart_blob_usages AS       -- grain: one row per usage fact (as stg_usages)
SELECT * FROM stg_usages WHERE fact_no IS NOT NULL
UNION ALL
SELECT * EXCLUDE (defined_fact_no, defined_occurrence)
         REPLACE (defined_fact_no AS fact_no, defined_occurrence AS blob_occurrence)
FROM anyscope_fact_numbers(false);

-- What each Python file of each listed commit exports to other modules, as far as tracked names go: its module-level
-- import facts of tracked libraries (scope empty: `from anyio import sleep` exports sleep, `from anyio import
-- create_task_group as ctg` exports ctg, `from anyio import *` exports '*', every name of anyio) and its 'reexport'
-- facts (module-level assignments, `TaskGroup = anyio.abc.TaskGroup`). module: the dotted name the file is imported
-- as from the repository root (anyscope_module_of); only names some file of the same commit imports from a project
-- module are kept (the candidates' (repo, commit, name)), so a repository without candidates costs nothing here.
CREATE OR REPLACE VIEW mart_compat_exports AS    -- grain: one row per (repo, commit, file path, exported name, symbol)
WITH wanted AS (
  SELECT DISTINCT f.repo_id, f.commit_id, u.via_name AS name
  FROM mart_files f JOIN mart_blob_usages u ON u.blob_id = f.blob_id
  WHERE u.via IS NOT NULL AND u.kind = 'import'
)
SELECT DISTINCT f.repo_id, f.commit_id, f.path, anyscope_module_of(f.path) AS module, u.alias AS name, u.symbol,
       u.library
FROM mart_files f JOIN mart_blob_usages u ON u.blob_id = f.blob_id
JOIN wanted w ON w.repo_id = f.repo_id AND w.commit_id = f.commit_id AND (w.name = u.alias OR u.alias = '*')
WHERE anyscope_module_of(f.path) IS NOT NULL AND u.via IS NULL AND NOT u.derived
  AND (u.kind = 'reexport' OR (u.kind = 'import' AND u.scope = ''));

-- Compatibility-layer candidates resolved: a candidate fact (usages.via: a tracked name imported from a project
-- module, one row per library that has the name) is kept when
--   (1) a Python file of the same commit is that module and exports that name from that library
--       (mart_compat_exports; a '*' export covers the library's top-level names). The module is found by path: a
--       relative import ('.aio') names one module from the repository root; an absolute one ('rollouts.aio') is
--       matched at any depth, so 'src/rollouts/aio.py' and 'rollouts/aio/__init__.py' both serve it (the shallowest
--       path wins); or
--   (2) the configuration declares that module a compatibility layer of that library (ref_compat_modules; matched
--       like (1), the declared name a dotted suffix of the module's), whatever the module exports.
-- One library per site: (1) before (2), then the shallowest module path, then the library's name. Candidates not
-- resolved are dropped: they are no sites. via_module: the module's dotted name (as written when absolute, from the
-- repository root when relative); via_path: the compatibility module's file (NULL when only declared).
CREATE OR REPLACE VIEW mart_compat_resolved AS   -- grain: one row per resolved candidate fact (repo, commit, path, line, col, kind, symbol)
WITH u AS (
  SELECT blob_id, line, col, kind, symbol, library, via, via_name, starts_with(via, '.') AS relative,
         split_part(symbol, '.', 1) || '.' || via_name AS top_symbol
  FROM mart_blob_usages WHERE via IS NOT NULL
), pc AS (
  -- each candidate once per (repository, path, content) rather than once per commit: the module it names
  SELECT p.repo_id, p.path, u.*, anyscope_import_target(p.path, u.via) AS target
  FROM (SELECT DISTINCT f.repo_id, f.path, f.blob_id FROM mart_files f SEMI JOIN u ON u.blob_id = f.blob_id) p
  JOIN u ON u.blob_id = p.blob_id
), e AS MATERIALIZED (   -- read once: when the marts are not stored, each reference computes it again
  SELECT * FROM mart_compat_exports
), ex AS (
  SELECT DISTINCT repo_id, library, name, module FROM e
), pk AS MATERIALIZED (
  -- only candidates that some commit's export or a declaration can resolve are followed to every commit
  -- (MATERIALIZED: else DuckDB may follow all of them to every commit first and test them there)
  SELECT * FROM pc
  WHERE EXISTS (SELECT 1 FROM ex WHERE ex.repo_id = pc.repo_id AND ex.library = pc.library
                  AND (ex.name = pc.via_name OR ex.name = '*')
                  AND (ex.module = pc.target OR (NOT pc.relative AND ends_with(ex.module, '.' || pc.target))))
     OR EXISTS (SELECT 1 FROM ref_compat_modules d
                WHERE d.library = pc.library AND (pc.target = d.module OR ends_with(pc.target, '.' || d.module)))
), c AS (
  SELECT f.commit_id, pk.*
  FROM pk JOIN mart_files f ON f.repo_id = pk.repo_id AND f.path = pk.path AND f.blob_id = pk.blob_id
), by_export AS (
  -- a name exported as itself (an equality join on the name), or covered by a '*' export
  SELECT c.*, e.path AS via_path, 1 AS how, len(string_split(e.path, '/')) AS depth
  FROM c JOIN e
    ON e.repo_id = c.repo_id AND e.commit_id = c.commit_id AND e.library = c.library AND e.name = c.via_name
  WHERE e.module = c.target OR (NOT c.relative AND ends_with(e.module, '.' || c.target))
  UNION ALL
  SELECT c.*, e.path AS via_path, 1 AS how, len(string_split(e.path, '/')) AS depth
  FROM c JOIN e
    ON e.repo_id = c.repo_id AND e.commit_id = c.commit_id AND e.library = c.library AND e.name = '*'
  WHERE (e.module = c.target OR (NOT c.relative AND ends_with(e.module, '.' || c.target)))
    AND (c.symbol = c.top_symbol OR starts_with(c.symbol, c.top_symbol || '.'))
), by_declaration AS (
  SELECT c.*, NULL AS via_path, 2 AS how, 0 AS depth
  FROM c JOIN ref_compat_modules d
    ON d.library = c.library AND (c.target = d.module OR ends_with(c.target, '.' || d.module))
)
SELECT repo_id, commit_id, path, line, col, kind, symbol, target AS via_module, via_path, how = 2 AS declared
FROM (SELECT * FROM by_export UNION ALL BY NAME SELECT * FROM by_declaration)
QUALIFY row_number() OVER (PARTITION BY repo_id, commit_id, path, line, col, kind
                           ORDER BY how, depth, via_path, library, symbol) = 1;

-- usages ⨝ blobs ⨝ files ⨝ snapshots, narrow: the keys of each snapshot's copy of each fact and the few columns the
-- site status needs; the fact's own columns stay in mart_blob_usages (blob_id, fact_no) and the snapshot's in
-- mart_snapshots (repo_id, label), joined back by mart_usages_snapshot and mart_site_status. A blob present at two
-- paths yields one row per path. Facts about tracked names (via NULL) and the resolved compatibility-layer candidates
-- (via_module, via_path, compat_declared set). Every path class is here (path_class, counted:
-- 20_reference_path_classes.sql); the marts that count sites keep the counted ones.
-- materialise: no (mart_site_rows and mart_file_sites join it to the facts of each content)
CREATE OR REPLACE VIEW mart_snapshot_files AS   -- grain: one row per (repo, snapshot label, file path) whose content was read
SELECT sn.repo_id, sn.label, sn.commit_id, sn.is_head_snapshot, f.path, f.path_class, f.counted, f.blob_id, f.parser
FROM mart_snapshots sn
JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_blobs b ON b.blob_id = f.blob_id AND b.parser = f.parser;

-- The usage rows of the given snapshot files (a relation with mart_snapshot_files' columns, all of them or a few):
-- what mart_usage_rows holds for them. A table macro so that a mart needing a few files' rows (mart_regressions,
-- mart_checklist, mart_file_sites) joins those files first: through the view, DuckDB computed every snapshot's rows.
CREATE OR REPLACE MACRO anyscope_usage_rows(files) AS TABLE
SELECT sf.*, u.fact_no, u.kind, u.library, u.symbol, u.derived, u.effort, u.missing_name,
       NULL::VARCHAR AS via_module, NULL::VARCHAR AS via_path, NULL::BOOLEAN AS compat_declared
FROM query_table(files) sf JOIN mart_blob_usages u ON u.blob_id = sf.blob_id AND u.via IS NULL
UNION ALL
SELECT sf.*, u.fact_no, u.kind, u.library, u.symbol, u.derived, u.effort, u.missing_name,
       r.via_module, r.via_path, r.declared AS compat_declared
FROM query_table(files) sf JOIN mart_blob_usages u ON u.blob_id = sf.blob_id AND u.via IS NOT NULL
JOIN mart_compat_resolved r
  ON r.repo_id = sf.repo_id AND r.commit_id = sf.commit_id AND r.path = sf.path
 AND r.line = u.line AND r.col = u.col AND r.kind = u.kind AND r.symbol = u.symbol;

-- materialise: no (computed where it is read: storing a row per snapshot of every fact is what made the build dear)
CREATE OR REPLACE VIEW mart_usage_rows AS       -- grain: one row per usage fact per file path per snapshot
SELECT * FROM anyscope_usage_rows(mart_snapshot_files);

-- Every usage fact of every snapshot with all its columns: mart_usage_rows joined back to its fact and snapshot.
-- blob_occurrence comes from mart_blob_usages.
-- materialise: no (every snapshot's copy of every fact: the marts count per file content instead, mart_file_sites;
-- storing every column doubled the marts build: 4.1 M rows written for nothing at 200 repositories x 150 weeks).
CREATE OR REPLACE VIEW mart_usages_snapshot AS   -- grain: one row per usage fact per file path per snapshot
SELECT r.repo_id, sn.repo, sn.team, r.label, sn.kind AS snapshot_kind, sn.period_start, sn.period_end,
       r.is_head_snapshot, r.commit_id, sn.author, sn.author_time, r.path, anyscope_dir_of(r.path) AS dir,
       r.path_class, r.counted, r.blob_id, r.parser,
       u.* EXCLUDE (blob_id, via, via_name, fact_no, blob_occurrence),   -- the fact's columns, line to suppression
       r.via_module, r.via_path, r.compat_declared, u.blob_occurrence
FROM mart_usage_rows r
JOIN mart_snapshots sn ON sn.repo_id = r.repo_id AND sn.label = r.label
JOIN mart_blob_usages u ON u.blob_id = r.blob_id AND u.fact_no = r.fact_no;

-- Migration status per site (see the conventions at the top of this file), narrow: what mart_site_status adds to
-- each snapshot's copy of a fact, with the keys to join it back (repo_id, label; blob_id, fact_no). Not stored:
-- writing its 4.1 M rows at 200 repositories x 150 weeks was the dearest step of the build (7 s), and what reads it
-- reads a few snapshots (mart_usages_head, mart_checklist) or a few files (mart_regressions); mart_file_sites
-- counts each content's sites once instead (23_scope.sql).
-- Patch and reexport facts are not sites: left out here (patched tells whether a missing name was patched in).
-- The occurrence in site_key is the blob's own (blob_occurrence, one window over the distinct file contents instead
-- of one over every snapshot's copy: 22 s of a 34 s build at 200 repositories x 150 weeks); it equals the per-snapshot
-- numbering wherever the file has no resolved compatibility-layer candidate of the symbol (whose sites depend on
-- the commit): those few are numbered per snapshot, snapshot_occurrence (src/sql/tests/site_keys_as_defined.sql
-- checks the two agree).
-- The symbols a 'patch' fact makes exist in each repository snapshot (any path): a missing name of such a symbol is
-- not broken there (the site status). Stored once, for the marts that read site rows (anyscope_site_rows).
CREATE OR REPLACE VIEW mart_patches AS           -- grain: one row per (repo, snapshot label, patched symbol)
SELECT DISTINCT repo_id, label, symbol FROM mart_usage_rows WHERE kind = 'patch';

-- anyscope_site_rows(files): the site rows of the given snapshot files (as anyscope_usage_rows); a patch fact
-- anywhere in a snapshot counts, whichever files are given (mart_patches).
CREATE OR REPLACE MACRO anyscope_site_rows(files) AS TABLE
WITH x AS (
  SELECT u.repo_id, u.label, u.is_head_snapshot, u.path, u.path_class, u.counted, u.blob_id, u.parser, u.fact_no,
         u.via_module, u.via_path, u.compat_declared, u.kind, u.symbol, u.derived, u.effort,
         coalesce(l.role, 'untracked') AS role,
         u.patched,
         anyscope_site_status(u.kind, u.missing_name, u.patched, l.role) AS status,
         u.kind = 'import' AS is_import
  FROM (SELECT *, (repo_id, label, symbol) IN (SELECT repo_id, label, symbol FROM mart_patches) AS patched
        FROM anyscope_usage_rows(files)) u      -- a membership test: the few patches are the hash table
  LEFT JOIN ref_library_roles l ON l.library = u.library
  WHERE u.kind NOT IN ('patch', 'reexport')
), mixed AS (   -- sites numbered per snapshot: those sharing (commit, path, symbol) with a resolved candidate
  SELECT r.repo_id, r.label, r.path, r.fact_no,
         row_number() OVER (PARTITION BY r.repo_id, r.label, r.path, r.symbol, trim(u.source_line)
                            ORDER BY u.line, u.col, u.kind) AS occurrence
  FROM anyscope_usage_rows(files) r JOIN mart_blob_usages u ON u.blob_id = r.blob_id AND u.fact_no = r.fact_no
  WHERE r.kind NOT IN ('patch', 'reexport')
    AND r.blob_id IN (SELECT blob_id FROM mart_blob_usages WHERE via IS NOT NULL)   -- implied by the next line, cheaper
    AND (r.repo_id, r.commit_id, r.path, r.symbol) IN (SELECT repo_id, commit_id, path, symbol FROM mart_compat_resolved)
)
SELECT x.repo_id, x.label, x.is_head_snapshot, x.path, x.path_class, x.counted, x.blob_id, x.parser, x.fact_no,
       x.via_module, x.via_path, x.compat_declared, x.role, x.patched, x.status, x.is_import, x.derived,
       CASE WHEN status NOT IN ('legacy', 'broken') THEN 'none' WHEN role = 'blocker' THEN 'blocker'
            WHEN status = 'broken' AND effort = 'none' THEN 'mechanical'
            ELSE coalesce(effort, 'manual') END AS tier,
       status IN ('legacy', 'broken', 'target') AND NOT is_import AND NOT derived AS counts_for_pct,
       m.occurrence AS snapshot_occurrence
FROM x LEFT JOIN mixed m
  ON m.repo_id = x.repo_id AND m.label = x.label AND m.path = x.path AND m.fact_no = x.fact_no;

-- materialise: no (see above)
CREATE OR REPLACE VIEW mart_site_rows AS         -- grain: one row per usage site per file path per snapshot
SELECT * FROM anyscope_site_rows(mart_snapshot_files);

-- anyscope_site_status_rows(files): mart_site_status's rows of the given snapshot files (a relation with
-- mart_snapshot_files' columns, as anyscope_site_rows), so that mart_usages_head computes the head snapshots' sites
-- only: through the view, DuckDB computed every snapshot's site rows and then kept the heads'.
CREATE OR REPLACE MACRO anyscope_site_status_rows(files) AS TABLE
SELECT s.repo_id, sn.repo, sn.team, s.label, sn.kind AS snapshot_kind, sn.period_start, sn.period_end,
       s.is_head_snapshot, sn.commit_id, sn.author, sn.author_time, s.path, anyscope_dir_of(s.path) AS dir,
       s.path_class, s.counted, s.blob_id, s.parser,
       u.* EXCLUDE (blob_id, via, via_name, fact_no, blob_occurrence),   -- the fact's columns, line to suppression
       s.via_module, s.via_path, s.compat_declared,
       s.role, s.patched, s.status, s.is_import,
       anyscope_function(u.scope) AS function, s.tier, s.counts_for_pct,
       anyscope_site_key(s.path, u.symbol, u.source_line, coalesce(s.snapshot_occurrence, u.blob_occurrence)) AS site_key
FROM anyscope_site_rows(files) s
JOIN mart_snapshots sn ON sn.repo_id = s.repo_id AND sn.label = s.label
JOIN mart_blob_usages u ON u.blob_id = s.blob_id AND u.fact_no = s.fact_no;

-- Every site of every snapshot with its status, tier and identity (site_key): mart_site_rows with its fact's and
-- snapshot's columns (mart_usages_snapshot's, but blob_occurrence).
-- materialise: no (every snapshot's copy of every site: what is kept is counted from it, mart_file_sites, or chosen
-- from it, mart_usages_head)
CREATE OR REPLACE VIEW mart_site_status AS       -- grain: one row per usage site per file path per snapshot
SELECT * FROM anyscope_site_status_rows(mart_snapshot_files);

CREATE OR REPLACE VIEW mart_usages_head AS       -- grain: one row per usage site per file path at each repo's head
WITH head_files AS (SELECT * FROM mart_snapshot_files WHERE is_head_snapshot)
SELECT * FROM anyscope_site_status_rows(head_files);
