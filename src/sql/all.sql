-- Loads every anyscope view into a DuckDB session. From the repository root, in the DuckDB CLI:
--   SET VARIABLE anyscope_data = '/path/to/DATA';
--   .read src/sql/all.sql
.read src/sql/00_settings.sql
.read src/sql/10_staging.sql
.read src/sql/20_marts.sql
.read src/sql/30_reports.sql
