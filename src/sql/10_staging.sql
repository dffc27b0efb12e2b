-- anyscope analytics: staging. One view per table of the data set (schemas/*.avsc), read lazily from the files
-- listed in getvariable('anyscope_files_<table>') when set (anyscope's commands pin one generation and list its
-- files), else from getvariable('anyscope_generation') || '/<table>/*.parquet'. Staging only casts and renames: timestamps
-- (Avro timestamp-millis, read as TIMESTAMP WITH TIME ZONE) become plain TIMESTAMP in UTC; nothing is filtered.
-- Grain of each view = grain of its table (see schemas/README.md for the keys).

-- path_rules: the repository's path-class overrides (schemas/repos.avsc); remote, browse_url, browse_commit_url: where
-- its code is browsed (src/sql/29_browse.sql). Absent from data sets written before them (read as NULL).
CREATE OR REPLACE VIEW stg_repos AS          -- grain: one row per repository (repo_id)
SELECT repo_id, name, team, url, default_branch, head_commit, status, error,
       CAST(timezone('UTC', scanned_at) AS TIMESTAMP) AS scanned_at, path_rules, remote, browse_url, browse_commit_url
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_repos'), [getvariable('anyscope_generation') || '/repos/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS path_rules, CAST(NULL AS VARCHAR) AS remote,
                               CAST(NULL AS VARCHAR) AS browse_url, CAST(NULL AS VARCHAR) AS browse_commit_url WHERE false);

-- status: 'ok', 'partial' or 'failed' (schemas/snapshots.avsc); data sets written before that column have none, read
-- as 'ok' (the empty UNION BY NAME adds the column when no file has it).
CREATE OR REPLACE VIEW stg_snapshots AS      -- grain: one row per (repo_id, label)
SELECT repo_id, label, kind, CAST(period_start AS DATE) AS period_start, CAST(period_end AS DATE) AS period_end,
       commit_id,
       CAST(timezone('UTC', commit_time) AS TIMESTAMP) AS commit_time,
       CAST(timezone('UTC', author_time) AS TIMESTAMP) AS author_time,
       author, is_head, repeated, coalesce(status, 'ok') AS status
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_snapshots'), [getvariable('anyscope_generation') || '/snapshots/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS status WHERE false);

CREATE OR REPLACE VIEW stg_files AS          -- grain: one row per (repo_id, commit_id, path)
SELECT repo_id, commit_id, path, blob_id, size, parser
FROM read_parquet(coalesce(getvariable('anyscope_files_files'), [getvariable('anyscope_generation') || '/files/*.parquet']), union_by_name = true);

CREATE OR REPLACE VIEW stg_changes AS        -- grain: one row per (repo_id, commit_id, path)
SELECT repo_id, commit_id, parent_id, seq,
       CAST(timezone('UTC', commit_time) AS TIMESTAMP) AS commit_time,
       CAST(timezone('UTC', author_time) AS TIMESTAMP) AS author_time,
       author, path, change, old_blob_id, new_blob_id, parser, old_path
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_changes'), [getvariable('anyscope_generation') || '/changes/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS old_path WHERE false);

-- generated_header: absent from data sets written before it (NULL: no marker known; path rules still apply).
CREATE OR REPLACE VIEW stg_blobs AS          -- grain: one row per (blob_id, parser)
SELECT blob_id, parser, status, bytes, lines, encoding, decode_error, parse_errors, async_defs, awaits, async_withs,
       async_fors, usages, config_facts, catalog_version, error, generated_header
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_blobs'), [getvariable('anyscope_generation') || '/blobs/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS generated_header WHERE false);

-- missing_name: absent from data sets written before it (read as false, as the schema's default). suppression, via,
-- via_name (compatibility-layer candidates, resolved in 22_usages.sql): absent from older data sets (read as NULL).
CREATE OR REPLACE VIEW stg_usages AS         -- grain: one row per usage fact (blob_id, line, col, kind, symbol)
SELECT blob_id, line, col, end_line, end_col, kind, context, library, symbol, alias, scope, in_async, derived,
       source_line, rule_id, category, anyio_equivalent, effort, risk, coalesce(missing_name, false) AS missing_name,
       suppression, via, via_name, fact_no, blob_occurrence
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_usages'), [getvariable('anyscope_generation') || '/usages/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS missing_name, CAST(NULL AS VARCHAR) AS suppression,
                               CAST(NULL AS VARCHAR) AS via, CAST(NULL AS VARCHAR) AS via_name,
                               CAST(NULL AS BIGINT) AS fact_no, CAST(NULL AS BIGINT) AS blob_occurrence WHERE false);

CREATE OR REPLACE VIEW stg_config_facts AS   -- grain: one row per configuration fact (blob_id, kind, name, line)
SELECT blob_id, kind, name, value, section, line
FROM read_parquet(coalesce(getvariable('anyscope_files_config_facts'), [getvariable('anyscope_generation') || '/config_facts/*.parquet']), union_by_name = true);

-- The generation's outstanding failed inputs and its notes (schemas/README.md, errors). snapshots: a listing note's
-- count of snapshot commits; absent from data sets written before that column (read as NULL).
CREATE OR REPLACE VIEW stg_errors AS         -- grain: one row per outstanding failed input or note
SELECT run_id, repo_id, repo, snapshot, path, blob_id, stage, kind, message,
       CAST(timezone('UTC', "at") AS TIMESTAMP) AS "at", snapshots
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_errors'), [getvariable('anyscope_generation') || '/errors/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS INTEGER) AS snapshots WHERE false);

-- Every column of runs.avsc; counters added later (change_commits, changes) are NULL in older runs' rows.
CREATE OR REPLACE VIEW stg_runs AS           -- grain: one row per scan run (run_id)
SELECT * REPLACE (CAST(timezone('UTC', started_at) AS TIMESTAMP) AS started_at,
                  CAST(timezone('UTC', finished_at) AS TIMESTAMP) AS finished_at)
FROM read_parquet(coalesce(getvariable('anyscope_files_runs'), [getvariable('anyscope_generation') || '/runs/*.parquet']), union_by_name = true);
