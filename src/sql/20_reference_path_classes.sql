-- anyscope analytics: path classes. Every tracked file is source, test, example, docs, archived, vendored, generated
-- or excluded (src/catalog/path_classes.yaml, read into ref_path_classes and ref_path_rules by 20_reference.sql),
-- decided once, here, for every view that has a path: the marts read mart_files instead of stg_files, and each view
-- that has a path carries path_class. Reports count the classes in anyscope_path_classes (default: the classes the
-- rules file marks counted, source and test; column counted) and show the others apart (rpt_path_classes).
--
-- How a file's class is decided, FIRST MATCH WINS:
--   1. the repository's own overrides (repos.path_rules, written by the scan from --include, --exclude, the
--      repository list and anyscope.toml), in their order: [path_classes] entries, then includes (class source),
--      then excludes (class excluded);
--   2. the rules of path_classes.yaml, in file order (a glob over the path, or header: the file's first lines carry
--      a generated-code marker: blobs.generated_header, which the extractor records because a path cannot tell);
--   3. else source.
-- All matchers are compiled into ONE regular expression (variable anyscope_path_matcher, built when this file is
-- read), so a path is matched once, not once per rule: it is tried on "repo_id \x02 path \x03 G-if-generated \x01
-- #1##2#...", each alternative ending at its own "#n#" tag, and RE2 takes the first alternative that matches.

-- Per-repository overrides, as the newest scan of each repository recorded them (read from the data set when this
-- file is read): one "CLASS GLOB" line each in repos.path_rules.
CREATE OR REPLACE TABLE ref_repo_path_rules AS   -- grain: one row per (repository, override), in precedence order
SELECT repo_id, CAST(k AS INTEGER) AS override_no, split_part(line, ' ', 1) AS path_class,
       substr(line, strpos(line, ' ') + 1) AS pattern
FROM (SELECT repo_id, generate_subscripts(l, 1) AS k, unnest(l) AS line
      FROM (SELECT repo_id, string_split(path_rules, chr(10)) AS l FROM stg_repos
            WHERE coalesce(path_rules, '') <> ''))
WHERE trim(line) <> '' AND strpos(line, ' ') > 0;

-- Every matcher in precedence order (n): the overrides of each repository (repo_id set), then the rules (repo_id NULL).
-- decided_by: 'override' or 'rule'.
CREATE OR REPLACE TABLE ref_path_matchers AS     -- grain: one row per matcher, in precedence order
SELECT CAST(row_number() OVER (ORDER BY o, repo_id, k) AS INTEGER) AS n, repo_id, path_class, pattern, header, decided_by
FROM (SELECT 0 AS o, repo_id, override_no AS k, path_class, pattern, false AS header, 'override' AS decided_by
      FROM ref_repo_path_rules
      UNION ALL
      SELECT 1, NULL, rule_no, path_class, pattern, header, 'rule' FROM ref_path_rules);

SET VARIABLE anyscope_path_matcher = (
  SELECT '(?s)^(?:' || coalesce(string_agg(
           CASE WHEN header THEN '[^\x02]*\x02[^\x03]*\x03G'
                ELSE coalesce(repo_id, '[^\x02]*') || '\x02(?:' || anyscope_glob_regex(pattern) || ')\x03[^\x01]*' END
           || '\x01.*?#' || n || '#', '|' ORDER BY n), '\x00NEVER') || ')'
  FROM ref_path_matchers);
SET VARIABLE anyscope_path_matcher_tags = (SELECT coalesce(string_agg('#' || n || '#', '' ORDER BY n), '')
                                           FROM ref_path_matchers);
-- The classes reports count when anyscope_path_classes is not set.
SET VARIABLE anyscope_path_classes_default = (SELECT string_agg(path_class, ',' ORDER BY class_order)
                                              FROM ref_path_classes WHERE counted);

-- The number (ref_path_matchers.n) of the first matcher of a file (repository id, path, whether its blob has a
-- generated header); NULL when none matches (the file is source).
CREATE OR REPLACE MACRO anyscope_path_matcher_no(repo_id, path, generated) AS
  TRY_CAST(regexp_extract(
    regexp_extract(repo_id || chr(2) || path || chr(3) || (CASE WHEN generated THEN 'G' ELSE '' END) || chr(1)
                   || getvariable('anyscope_path_matcher_tags'), getvariable('anyscope_path_matcher'), 0),
    '#(\d+)#$', 1) AS INTEGER);

-- Whether reports count a path class: it is in anyscope_path_classes (comma-separated), else in the default set.
CREATE OR REPLACE MACRO anyscope_counted(cls) AS
  list_contains(string_split(replace(coalesce(CAST(getvariable('anyscope_path_classes') AS VARCHAR),
                                              CAST(getvariable('anyscope_path_classes_default') AS VARCHAR)),
                                     ' ', ''), ','), cls);

-- stg_files with each file's class. generated_header: the marker line the extractor found (blobs.generated_header);
-- decided_by: 'override' (the repository's own globs), 'rule' (path_classes.yaml), 'default' (no rule matched:
-- source); path_glob: the glob that decided (NULL for the header rule and the default); counted: the class is one
-- reports count (anyscope_counted).
CREATE OR REPLACE VIEW mart_files AS             -- grain: one row per (repo_id, commit_id, path), as stg_files
WITH f AS (
  SELECT f.repo_id, f.commit_id, f.path, f.blob_id, f.size, f.parser, b.generated_header
  FROM stg_files f LEFT JOIN stg_blobs b USING (blob_id, parser)
), k AS (
  SELECT DISTINCT repo_id, path, generated_header IS NOT NULL AS generated FROM f
), c AS (
  SELECT k.repo_id, k.path, k.generated, coalesce(m.path_class, 'source') AS path_class,
         coalesce(m.decided_by, 'default') AS decided_by, m.pattern AS path_glob
  FROM k LEFT JOIN ref_path_matchers m ON m.n = anyscope_path_matcher_no(k.repo_id, k.path, k.generated)
)
SELECT f.repo_id, f.commit_id, f.path, f.blob_id, f.size, f.parser, f.generated_header,
       c.path_class, c.decided_by, c.path_glob, anyscope_counted(c.path_class) AS counted
FROM f JOIN c ON c.repo_id = f.repo_id AND c.path = f.path AND c.generated = (f.generated_header IS NOT NULL);
