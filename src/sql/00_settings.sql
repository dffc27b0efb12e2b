-- anyscope analytics: settings. Run first (all.sql does).
--
-- Variables (SET VARIABLE name = value before reading these files; each has a default here):
--   anyscope_data            the data set directory, the one holding current/ (REQUIRED: there is no default)
--   anyscope_generation      the generation the views read                                (anyscope_data || '/current')
--   anyscope_files_<table>   that table's Parquet files, a list (anyscope pins them)      (NULL: <generation>/<table>/*.parquet)
--   anyscope_effort_weights  CSV of minutes per site and per file touched, per effort tier  (src/sql/effort_weights.csv)
--   anyscope_risk_weights    CSV of hotspot weights per category, risk level and finding severity (src/sql/risk_weights.csv)
--   anyscope_catalog         the catalog the ref_ tables are read from                     (src/catalog/catalog.yaml)
--   anyscope_path_rules      the path-class rules (path_classes.yaml) the ref_path_ tables are read from
--                                                                                          (src/catalog/path_classes.yaml)
--   anyscope_catalog_entries the catalog entry files the notes (ref_catalog_notes) are read from
--                                                                                          (src/catalog/entries/*.yaml)
--   anyscope_path_classes    the path classes reports count, comma-separated; NULL = the classes path_classes.yaml
--                            marks counted (source, test)                                  (NULL)
--   anyscope_churn_weeks     trailing window, in weeks, for hotspot churn                  (8)
--   anyscope_velocity_weeks  trailing window, in weeks, for velocity and projections       (4)
--   anyscope_repo            only this repository (by name); NULL = all                    (NULL)
--   anyscope_team            only this team; NULL = all                                    (NULL)
--   anyscope_since           only progress points (weeks, months: starting; tags, commits: dated) on or after this DATE (NULL)
--   anyscope_compat_modules  project modules declared compatibility layers, 'MODULE=LIBRARY,...' ('rollouts.aio=anyio') ('')
--   anyscope_period          progress series kind for every repository: week, month, tag or commit; NULL = each
--                            repository's own scan mode (21_dimensions.sql, mart_snapshots.series_kind)   (NULL)
-- The default weights and catalog paths are relative to the working directory: run the DuckDB CLI from the repository root,
-- or set the variables to absolute paths.
SET TimeZone = 'UTC';
SET VARIABLE anyscope_generation = coalesce(getvariable('anyscope_generation'), getvariable('anyscope_data') || '/current');
SET VARIABLE anyscope_effort_weights = coalesce(getvariable('anyscope_effort_weights'), 'src/sql/effort_weights.csv');
SET VARIABLE anyscope_risk_weights = coalesce(getvariable('anyscope_risk_weights'), 'src/sql/risk_weights.csv');
SET VARIABLE anyscope_catalog = coalesce(getvariable('anyscope_catalog'), 'src/catalog/catalog.yaml');
SET VARIABLE anyscope_path_rules = coalesce(getvariable('anyscope_path_rules'), 'src/catalog/path_classes.yaml');
SET VARIABLE anyscope_catalog_entries = coalesce(getvariable('anyscope_catalog_entries'), 'src/catalog/entries/*.yaml');
SET VARIABLE anyscope_churn_weeks = coalesce(getvariable('anyscope_churn_weeks'), 8);
SET VARIABLE anyscope_velocity_weeks = coalesce(getvariable('anyscope_velocity_weeks'), 4);
SET VARIABLE anyscope_compat_modules = coalesce(getvariable('anyscope_compat_modules'), '');
