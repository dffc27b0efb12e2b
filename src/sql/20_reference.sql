-- anyscope analytics: reference data. The ref_ tables are built once, when this file is read; marts read staging
-- views and these tables only. Each table states its GRAIN.

-- The catalog (src/catalog/catalog.yaml, variable anyscope_catalog) is the one source of the tracked libraries, the
-- categories and the effort tiers: the first three tables read its top-level lists. DuckDB has no YAML reader, so
-- the macros below read the plain form the catalog is written in: a top-level key alone on its line ("libraries:"),
-- then one item per line, a name ("  - none  # comment") or a one-line flow mapping ("  - {id: x, label: "X"}").
-- An item in another form stops the load with an error that names it, rather than being dropped. Catalog.java reads
-- the same file with a YAML parser; WarehouseMartsTest checks that both read the same rows.

-- The items of one top-level list of a YAML file written in that form (the catalog, src/catalog/path_classes.yaml),
-- in file order: n (1, 2, ...) and item (the text after "- ", without a trailing comment).
CREATE OR REPLACE MACRO anyscope_yaml_list(file, list) AS TABLE
WITH lines AS (
  SELECT generate_subscripts(l, 1) AS line_no, unnest(l) AS line
  FROM (SELECT string_split(replace(content, chr(13), ''), chr(10)) AS l
        FROM read_text(file))
), keyed AS (
  SELECT line_no, line,
         last_value(nullif(regexp_extract(line, '^([A-Za-z_][A-Za-z0-9_]*):', 1), '') IGNORE NULLS)
           OVER (ORDER BY line_no ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS section
  FROM lines
)
SELECT row_number() OVER (ORDER BY line_no) AS n,
       CASE WHEN regexp_matches(line, '^\s+-\s')
            THEN regexp_extract(regexp_extract(line, '^\s+-\s+(.*)$', 1), '^(\{.*\}|"[^"]*"|[^#]*[^#\s])', 1)
            ELSE error(file || ', list ' || list
                       || ': expected one "- item" per line, found: ' || trim(line)) END AS item
FROM keyed
WHERE section = list AND NOT regexp_matches(line, '^([A-Za-z_][A-Za-z0-9_]*:|\s*(#.*)?$)');

-- The items of one top-level list of the catalog (variable anyscope_catalog).
CREATE OR REPLACE MACRO anyscope_catalog_list(list) AS TABLE
SELECT * FROM anyscope_yaml_list(getvariable('anyscope_catalog'), list);

-- A YAML scalar as text: "double" or 'single' quotes removed (and their escapes undone); NULL when empty.
CREATE OR REPLACE MACRO anyscope_yaml_scalar(v) AS
  CASE WHEN v LIKE '"%"' THEN replace(replace(v[2:-2], '\"', '"'), '\\', '\')
       WHEN v LIKE '''%''' THEN replace(v[2:-2], '''''', '''')
       ELSE nullif(trim(v), '') END;

-- The value of key in a one-line YAML flow mapping ("{name: trio, role: legacy}"); NULL when the key is absent.
CREATE OR REPLACE MACRO anyscope_yaml_value(mapping, key) AS
  anyscope_yaml_scalar(regexp_extract(mapping, '[{,]\s*' || key || ':\s*("(?:[^"\\]|\\.)*"|''[^'']*''|[^,}]*)', 1));

-- The value of a key every item of a catalog list must have; a missing one stops the load, naming the item.
CREATE OR REPLACE MACRO anyscope_catalog_required(item, list, key) AS
  coalesce(anyscope_yaml_value(item, key),
           error(getvariable('anyscope_catalog') || ', list ' || list || ': item without ' || key || ': ' || item));

-- backend_of: a library a target can run on (trio for anyio); declared beside that target it is no blocker.
CREATE OR REPLACE TABLE ref_library_roles AS    -- grain: one row per tracked library (catalog.yaml libraries)
SELECT anyscope_catalog_required(item, 'libraries', 'name') AS library,
       anyscope_catalog_required(item, 'libraries', 'role') AS role,
       coalesce(anyscope_yaml_value(item, 'pypi'), anyscope_catalog_required(item, 'libraries', 'name')) AS pypi,
       anyscope_yaml_value(item, 'backend_of') AS backend_of  -- the target library that runs on this one, or NULL
FROM anyscope_catalog_list('libraries') ORDER BY n;

-- Plus 'uncatalogued', the category of a fact no catalog entry matches (Catalog.UNCATALOGUED), listed last.
CREATE OR REPLACE TABLE ref_categories AS        -- grain: one row per catalog category (catalog.yaml categories)
SELECT category, label FROM (
  SELECT n, anyscope_catalog_required(item, 'categories', 'id') AS category,
         coalesce(anyscope_yaml_value(item, 'label'), anyscope_catalog_required(item, 'categories', 'id')) AS label
  FROM anyscope_catalog_list('categories')
  UNION ALL
  SELECT NULL, 'uncatalogued', 'Not in the catalog'
) ORDER BY n NULLS LAST;

CREATE OR REPLACE TABLE ref_effort_tiers AS      -- grain: one row per effort tier, cheapest first (catalog.yaml efforts)
SELECT item AS tier, CAST(n - 1 AS INTEGER) AS tier_order FROM anyscope_catalog_list('efforts') ORDER BY n;

-- Effort weights (overridable: SET VARIABLE anyscope_effort_weights = 'file.csv', or --weights FILE).
-- Columns: tier, minutes_per_site, minutes_per_file. A tier missing from the file costs 0.
CREATE OR REPLACE TABLE ref_effort_weights AS    -- grain: one row per effort tier
SELECT trim(tier) AS tier, CAST(minutes_per_site AS DOUBLE) AS minutes_per_site,
       CAST(minutes_per_file AS DOUBLE) AS minutes_per_file
FROM read_csv(getvariable('anyscope_effort_weights'), header = true, all_varchar = true);

-- Hotspot weights. Columns: dimension (category | risk | finding: a migration mistake by severity), key, weight.
-- Unlisted keys weigh 1.
CREATE OR REPLACE TABLE ref_risk_weights AS      -- grain: one row per (dimension, key)
SELECT trim(dimension) AS dimension, trim("key") AS "key", CAST(weight AS DOUBLE) AS weight
FROM read_csv(getvariable('anyscope_risk_weights'), header = true, all_varchar = true);

-- Compatibility layers the configuration declares (variable anyscope_compat_modules, e.g. 'rollouts.aio=anyio,
-- legacy.compat=asyncio'; `--compat-module MODULE=LIBRARY` on the commands): a name imported from MODULE stands for
-- LIBRARY's name of that name, whether or not the module's own re-exports say so (22_usages.sql). A library that is
-- not tracked stops the load with an error naming the entry.
CREATE OR REPLACE TABLE ref_compat_modules AS    -- grain: one row per declared module
SELECT trim(split_part(d, '=', 1)) AS module,
       CASE WHEN trim(split_part(d, '=', 2)) IN (SELECT library FROM ref_library_roles) THEN trim(split_part(d, '=', 2))
            ELSE error('anyscope_compat_modules: ' || d || ': expected MODULE=LIBRARY with a tracked library') END
         AS library
FROM (SELECT unnest(string_split(coalesce(getvariable('anyscope_compat_modules'), ''), ',')) AS d)
WHERE trim(d) <> '';

-- The kinds of errors rows (io.anyscope.git.ErrorKind; a test checks both list the same kinds and loses_data):
-- loses_data = a failed input (its data is missing from the data set, the run exits 1), else a note beside data that
-- was read. A kind not listed here (written by another version) counts as a failure.
CREATE OR REPLACE TABLE ref_error_kinds AS       -- grain: one row per errors.kind value
SELECT * FROM (VALUES
  ('missing_repo', true, 'the repository could not be opened or cloned'),
  ('corrupt', true, 'an object (commit, tree, blob) is damaged'),
  ('missing_object', true, 'an object (commit, tree, blob) is absent'),
  ('too_large', true, 'a file over the size cap (--max-file-bytes) was not read'),
  ('binary', true, 'a tracked file that is not text (a NUL byte, UTF-16) was not read'),
  ('decode', false, 'undecodable bytes replaced; the facts were still extracted'),
  ('symlink', false, 'a symbolic link with a tracked name: recorded, not followed'),
  ('submodule', false, 'a submodule: recorded, not followed'),
  ('syntax', false, 'syntax errors: the facts come from the valid parts'),
  ('date_outlier', false, 'commits dated long before the rest do not stretch the weekly or monthly series'),
  ('config', false, 'an unreadable part of a configuration file'),
  ('io', true, 'an input or output error while reading'),
  ('other', true, 'any other failure')
) AS t(kind, loses_data, meaning);

-- PATH CLASSES (src/catalog/path_classes.yaml, variable anyscope_path_rules): what kind of code a file is. The rules
-- are matched by 20_reference_path_classes.sql (mart_files.path_class).
CREATE OR REPLACE TABLE ref_path_classes AS      -- grain: one row per path class (path_classes.yaml classes), display order
SELECT anyscope_yaml_value(item, 'id') AS path_class,
       CASE anyscope_yaml_value(item, 'counted') WHEN 'true' THEN true WHEN 'false' THEN false
            ELSE error(getvariable('anyscope_path_rules') || ', list classes: counted must be true or false: ' || item)
       END AS counted,                             -- reports count it by default (anyscope_path_classes changes the set)
       coalesce(anyscope_yaml_value(item, 'label'), anyscope_yaml_value(item, 'id')) AS label,
       CAST(n AS INTEGER) AS class_order
FROM anyscope_yaml_list(getvariable('anyscope_path_rules'), 'classes')
WHERE anyscope_yaml_value(item, 'id') IS NOT NULL
   OR error(getvariable('anyscope_path_rules') || ', list classes: item without id: ' || item)
ORDER BY n;

-- A gitignore pattern as an RE2 regular expression over a whole repository-relative path (regexp_full_match): a
-- pattern with a '/' at its start or in its middle is anchored at the root, otherwise it matches at any depth; a
-- trailing '/' matches a directory and everything under it (without one, a file or a directory); '*' and '?' stay
-- within one path component, '**' crosses them. Negation ('!') and character classes are not supported: the
-- characters are matched literally. The one translation of globs: the rules file's, and every per-repository
-- override's (--exclude, --include, anyscope.toml).
CREATE OR REPLACE MACRO anyscope_glob_regex(pattern) AS
  (CASE WHEN contains(regexp_replace(pattern, '^/+|/+$', '', 'g'), '/') OR starts_with(pattern, '/') THEN '' ELSE '(?:.*/)?' END)
  || replace(replace(replace(replace(replace(replace(replace(replace(
       regexp_replace(regexp_replace(pattern, '^/+|/+$', '', 'g'), '([.+()^$|{}\[\]\\])', '\\\1', 'g'),
       '**/', chr(1)), '/**', chr(2)), '**', chr(3)), '*', '[^/]*'), '?', '[^/]'),
       chr(1), '(?:.*/)?'), chr(2), '(?:/.*)?'), chr(3), '.*')
  || (CASE WHEN ends_with(pattern, '/') THEN '/.*' ELSE '(?:/.*)?' END);

-- The rules in order (first match wins): a glob, or header (the file's generated-code marker, blobs.generated_header).
CREATE OR REPLACE TABLE ref_path_rules AS        -- grain: one row per rule (path_classes.yaml rules), in order
SELECT CAST(n AS INTEGER) AS rule_no, c AS path_class, g AS pattern, h AS header,
       CASE WHEN g IS NOT NULL THEN anyscope_glob_regex(g) END AS regex  -- pattern: the glob
FROM (SELECT n, item, anyscope_yaml_value(item, 'class') AS c, anyscope_yaml_value(item, 'glob') AS g,
             coalesce(anyscope_yaml_value(item, 'header') = 'true', false) AS h
      FROM anyscope_yaml_list(getvariable('anyscope_path_rules'), 'rules'))
WHERE CASE WHEN c IS NULL OR c NOT IN (SELECT path_class FROM ref_path_classes)
             THEN error(getvariable('anyscope_path_rules') || ', list rules: unknown class in ' || item
                        || ' (classes: ' || (SELECT string_agg(path_class, ', ' ORDER BY class_order) FROM ref_path_classes) || ')')
           WHEN (g IS NULL) = (NOT h)
             THEN error(getvariable('anyscope_path_rules') || ', list rules: each rule has a glob or header: true, not both: ' || item)
           ELSE true END
ORDER BY n;

-- The note of each catalog entry, by its id (usages.rule_id): the "why" of a site. Read from the entry files
-- (variable anyscope_catalog_entries: a glob, default src/catalog/entries/*.yaml; the warehouse gives one file of the
-- catalog it ships, in the same form): each item starts "  - id: ID" and has a one-line double-quoted "note:".
CREATE OR REPLACE TABLE ref_catalog_notes AS     -- grain: one row per catalog entry with a note
SELECT rule_id, note FROM (
  SELECT regexp_extract(item, '^id:\s*(\S+)', 1) AS rule_id,
         anyscope_yaml_scalar(regexp_extract(item, '\n\s+note:\s*("(?:[^"\\]|\\.)*")', 1)) AS note
  FROM (SELECT unnest(string_split(content, chr(10) || '  - ')) AS item
        FROM read_text(getvariable('anyscope_catalog_entries'))))
WHERE rule_id <> '' AND note IS NOT NULL;
