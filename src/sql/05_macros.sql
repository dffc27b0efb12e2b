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
