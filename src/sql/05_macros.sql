-- anyscope analytics: macros, the expressions several views share, written once. Run before the views (all.sql
-- does). A macro is expanded where it is used, so a column's type is that of the expression over its arguments
-- (a BIGINT count, a HUGEINT sum of counts, ...), as if it were written out in the view.

-- % migrated, counting direct references only (no imports, no derived method facts): 100 * anyio / (legacy + anyio),
-- a DOUBLE; NULL when both are 0 (and when either is NULL). The views pass as legacy every direct reference not
-- migrated: legacy_refs + broken_refs (mart_file_sites, 23_scope.sql).
CREATE OR REPLACE MACRO anyscope_pct_migrated(anyio, legacy) AS
  CASE WHEN legacy + anyio = 0 THEN NULL ELSE 100.0 * anyio / (legacy + anyio) END;

-- The directory of a repository-relative path: everything before its last '/', or '.' for a file at the root.
CREATE OR REPLACE MACRO anyscope_dir_of(path) AS
  CASE WHEN contains(path, '/') THEN regexp_replace(path, '/[^/]*$', '') ELSE '.' END;

-- The dotted module a repository-relative Python file is imported as from the repository root: 'src/rollouts/aio.py'
-- -> 'src.rollouts.aio', 'rollouts/aio/__init__.py' -> 'rollouts.aio' (a .pyi stub likewise); NULL for other files
-- and for a root '__init__.py'.
CREATE OR REPLACE MACRO anyscope_module_of(path) AS
  CASE WHEN regexp_matches(path, '\.pyi?$')
       THEN nullif(replace(regexp_replace(regexp_replace(path, '\.pyi?$', ''), '(^|/)__init__$', ''), '/', '.'), '')
  END;

-- The module a `from MODULE import ...` in the file at path names, as a dotted name from the repository root when
-- MODULE is relative ('.aio' in 'rollouts/worker.py' -> 'rollouts.aio'; '..' in 'a/b/c.py' -> 'a'), as written when
-- it is absolute ('rollouts.aio'); NULL when the dots climb above the repository root.
CREATE OR REPLACE MACRO anyscope_import_target(path, module) AS
  CASE WHEN NOT starts_with(module, '.') THEN module
       WHEN length(regexp_extract(module, '^\.+')) > len(string_split(path, '/')) THEN NULL
       ELSE nullif(array_to_string(list_concat(
              (string_split(path, '/'))[1 : len(string_split(path, '/')) - length(regexp_extract(module, '^\.+'))],
              CASE WHEN ltrim(module, '.') = '' THEN [] ELSE string_split(ltrim(module, '.'), '.') END), '.'), '')
  END;

-- A site's identity within its repository across snapshots (conventions, 22_usages.sql): path, symbol (a finding's
-- rule id), trimmed source line and occurrence, joined by chr(31). mart_site_status.site_key (mart_regressions computes
-- it for the few sites it compares) and mart_findings_snapshot.site_key.
CREATE OR REPLACE MACRO anyscope_site_key(path, symbol, source_line, occurrence) AS
  path || chr(31) || symbol || chr(31) || trim(source_line) || chr(31) || CAST(occurrence AS VARCHAR);

-- The function a site is in, as the reports name it: its scope, or '<module>' at module level.
CREATE OR REPLACE MACRO anyscope_function(scope) AS
  CASE WHEN scope IS NULL OR scope = '' THEN '<module>' ELSE scope END;

-- A site's migration status (conventions, 22_usages.sql): 'broken' for a name used without an import (kind
-- 'unbound') or a missing name of the target library that no patch fact defines in its snapshot (patched), else by
-- its library's role (ref_library_roles; NULL for a library the catalog does not list). mart_site_rows, and
-- mart_file_sites for the file contents whose sites it counts once.
CREATE OR REPLACE MACRO anyscope_site_status(kind, missing_name, patched, role) AS
  CASE WHEN kind = 'unbound' OR (missing_name AND NOT patched) THEN 'broken'
       WHEN role IN ('legacy', 'blocker') THEN 'legacy' WHEN role = 'target' THEN 'target'
       ELSE 'neutral' END;
