-- Loads every anyscope view into a DuckDB session. From the repository root, in the DuckDB CLI:
--   SET VARIABLE anyscope_data = '/path/to/DATA';
--   .read src/sql/all.sql
-- This is the one list of the SQL files and their order: anyscope's in-process warehouse reads the same lines.
-- Layers: settings, macros, staging (stg_), reference data (ref_), marts (mart_) by subject, reports (rpt_).
.read src/sql/00_settings.sql
.read src/sql/05_macros.sql
.read src/sql/10_staging.sql
.read src/sql/20_reference.sql
.read src/sql/20_reference_path_classes.sql
.read src/sql/21_dimensions.sql
.read src/sql/22_findings.sql
.read src/sql/22_usages.sql
.read src/sql/23_scope.sql
.read src/sql/24_hotspots.sql
.read src/sql/25_progress.sql
.read src/sql/26_coverage.sql
.read src/sql/26_file_deltas.sql
.read src/sql/27_suppressions.sql
.read src/sql/28_checklist.sql
.read src/sql/29_browse.sql
.read src/sql/30_reports.sql
