-- Migration mistakes: the findings of the rules in src/catalog/rules/mistakes.yaml (awaiting start_soon(), a
-- coroutine passed to anyio.run(), a plain except around a task group, names AnyIO removed, ...), found per blob by
-- the extractor (schemas/findings.avsc) and followed here through snapshots like usage sites.
--   * a finding's site identity: (path, rule, trimmed source line, occurrence number of that triple in the file
--     ordered by line and column), the same mechanism as a usage site's (22_usages.sql) and `anyscope check`'s:
--     moving code up or down does not change it; renaming the file or editing the line does.
--   * a new finding ("introduced") at a point of a repository's series is one whose identity is absent from the
--     previous complete point of the same repository, not counting files renamed or copied in the window (matched
--     at their origin path, as regressions are).
-- Staging lives here (not in 10_staging.sql) with the rest of the subject; data sets written before the findings
-- table have none until their next scan (the readers ask for it).

-- anyio, requires: absent from data sets written before them (read as '': the finding holds everywhere).
CREATE OR REPLACE VIEW stg_findings AS        -- grain: one row per finding (blob_id, rule_id, line, col)
SELECT blob_id, rule_id, severity, line, col, end_line, end_col, source_line, message, fix,
       coalesce(anyio, '') AS anyio, coalesce(requires, '') AS requires
FROM (SELECT * FROM read_parquet(coalesce(getvariable('anyscope_files_findings'), [getvariable('anyscope_generation') || '/findings/*.parquet']), union_by_name = true)
      UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS anyio, CAST(NULL AS VARCHAR) AS requires WHERE false);

-- ---- AnyIO version ranges -------------------------------------------------------------------------------------
-- A version as a comparable key: its first three numeric components, padded with zeros ('3.7' -> [3, 7, 0];
-- '4.0.0rc1' -> [4, 0, 0]); NULL when it does not start with a digit. DuckDB compares lists element by element.
CREATE OR REPLACE MACRO anyscope_version_key(v) AS
  CASE WHEN regexp_matches(coalesce(v, ''), '^[0-9]')
       THEN list_transform(list_concat(string_split(regexp_extract(v, '^[0-9]+(\.[0-9]+)*'), '.'), ['0', '0', '0'])[1:3],
                           x -> CAST(x AS INTEGER)) END;

-- The key of the release after v's first n components ('3.7.1', 2 -> [3, 8, 0]; '3.7', 1 -> [4, 0, 0]).
CREATE OR REPLACE MACRO anyscope_version_bump(v, n) AS
  list_transform(range(1, 4), i -> CASE WHEN i < n THEN anyscope_version_key(v)[i]
                                        WHEN i = n THEN anyscope_version_key(v)[i] + 1 ELSE 0 END);

-- One clause of a requirement ('>=3.7', '<5', '~=3.7', '==3.*', poetry '^3.6' and '~3.6', a bare '3.7') as the
-- struct {lo, hi, hi_incl}: its lowest allowed version (inclusive; '>3.7' counts as 3.7), its upper bound, whether
-- that bound is allowed. NULL fields: no bound ('!=' and anything unrecognised bound nothing).
CREATE OR REPLACE MACRO anyscope_clause_op(clause) AS regexp_extract(trim(clause), '^(~=|===|==|!=|<=|>=|<|>|\^|~)?', 1);
CREATE OR REPLACE MACRO anyscope_clause_version(clause) AS regexp_extract(trim(clause), '[0-9]+(\.[0-9]+)*');
CREATE OR REPLACE MACRO anyscope_clause_range_of(op, v, star) AS
  {'lo': CASE WHEN v = '' OR op IN ('!=', '<', '<=') THEN NULL ELSE anyscope_version_key(v) END,
   'hi': CASE WHEN v = '' OR op IN ('!=', '>=', '>') THEN NULL
              WHEN op IN ('<', '<=') THEN anyscope_version_key(v)
              WHEN op IN ('==', '===', '') AND star THEN anyscope_version_bump(v, len(string_split(v, '.')))
              WHEN op IN ('==', '===', '') THEN anyscope_version_key(v)
              WHEN op = '~=' THEN anyscope_version_bump(v, greatest(len(string_split(v, '.')) - 1, 1))
              WHEN op = '~' THEN anyscope_version_bump(v, least(len(string_split(v, '.')), 2))
              ELSE anyscope_version_bump(v, coalesce(nullif(list_position(
                     list_transform(anyscope_version_key(v), x -> x <> 0), true), 0), 3)) END,
   'hi_incl': v <> '' AND (op = '<=' OR (op IN ('==', '===', '') AND NOT star))};
CREATE OR REPLACE MACRO anyscope_clause_range(clause) AS
  anyscope_clause_range_of(anyscope_clause_op(clause), anyscope_clause_version(clause),
                           regexp_matches(trim(clause), '\.\*\s*$'));

-- The AnyIO versions each snapshot's declared requirements allow: every dependency fact named anyio in the
-- snapshot's files (pyproject, setup.cfg/setup.py, requirements; extras like anyio[trio] are the same name),
-- intersected: the highest lower bound (lowest), the lowest upper bound (highest) and whether that bound itself is
-- allowed. A snapshot without any has no row: it declares nothing, and is held to the newest AnyIO.
CREATE OR REPLACE VIEW mart_anyio_requirements AS -- grain: one row per snapshot (repo_id, label) that declares AnyIO
WITH facts AS (
  SELECT sn.repo_id, sn.label, f.path, c.line, c.value
  FROM mart_snapshots sn
  JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
  JOIN stg_config_facts c ON c.blob_id = f.blob_id
  WHERE c.kind = 'dependency' AND lower(c.name) = 'anyio'
), clauses AS (
  SELECT repo_id, label, anyscope_clause_range(clause) AS r
  FROM (SELECT repo_id, label, unnest(string_split(value, ',')) AS clause FROM facts WHERE value <> '')
)
SELECT d.repo_id, d.label, d.declared, b.lowest, b.highest, coalesce(b.highest_allowed, false) AS highest_allowed
FROM (SELECT repo_id, label,
             string_agg(DISTINCT path || ':' || line || ' anyio' || value, '; '
                        ORDER BY path || ':' || line || ' anyio' || value) AS declared
      FROM facts GROUP BY ALL) d
LEFT JOIN (SELECT repo_id, label, max(r.lo) AS lowest, min(r.hi) AS highest,
                  arg_min(r.hi_incl, r.hi) AS highest_allowed
           FROM clauses GROUP BY ALL) b USING (repo_id, label);

-- The AnyIO range of each distinct finding range ('>=4.0', '<3.0', '>=3.0,<4'): lo (inclusive) and hi (exclusive).
CREATE OR REPLACE VIEW mart_finding_ranges AS   -- grain: one row per distinct non-empty findings.anyio
SELECT anyio, max(r.lo) AS lo, min(r.hi) AS hi
FROM (SELECT anyio, anyscope_clause_range(clause) AS r
      FROM (SELECT anyio, unnest(string_split(anyio, ',')) AS clause
            FROM (SELECT DISTINCT anyio FROM stg_findings WHERE anyio <> '')))
GROUP BY anyio;

-- Whether a finding whose range is [lo, hi) (NULL: unbounded; both NULL for a finding of any version) holds where
-- the declared requirement allows [lowest, highest] (highest_allowed: highest itself; both NULL: none declared).
-- An upper bound (an API newer than some release) needs a declared lower bound below it; a lower bound (a name
-- removed in 4.0) holds unless the declared upper bound stays below it.
CREATE OR REPLACE MACRO anyscope_anyio_allows(lo, hi, lowest, highest, highest_allowed) AS
  (hi IS NULL OR (lowest IS NOT NULL AND lowest < hi))
  AND (lo IS NULL OR highest IS NULL OR highest > lo OR (highest = lo AND highest_allowed));

-- ---- Repository conditions -------------------------------------------------------------------------------------
-- A finding's `requires` (the rule's `repository` conditions: lines "has|lacks <TAB> kind <TAB> name <TAB> value
-- regex") against the configuration facts of the whole snapshot: it holds when some fact matches one `has` line
-- (when there are any) and none matches a `lacks` line.
CREATE OR REPLACE VIEW mart_finding_conditions AS -- grain: one row per snapshot (repo_id, label) and distinct non-empty requires
WITH req AS (
  SELECT requires, split_part(l, chr(9), 1) AS op, split_part(l, chr(9), 2) AS kind,
         split_part(l, chr(9), 3) AS name, split_part(l, chr(9), 4) AS re
  FROM (SELECT requires, unnest(string_split(requires, chr(10))) AS l
        FROM (SELECT DISTINCT requires FROM stg_findings WHERE requires <> ''))
), facts AS (
  SELECT DISTINCT sn.repo_id, sn.label, c.kind, c.name, c.value
  FROM mart_snapshots sn
  JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
  JOIN stg_config_facts c ON c.blob_id = f.blob_id
  WHERE c.kind IN (SELECT kind FROM req)
), matched AS (
  SELECT sn.repo_id, sn.label, req.requires, req.op,
         EXISTS (SELECT 1 FROM facts x WHERE x.repo_id = sn.repo_id AND x.label = sn.label AND x.kind = req.kind
                   AND x.name = req.name AND regexp_matches(x.value, req.re)) AS hit
  FROM mart_snapshots sn CROSS JOIN req
)
SELECT repo_id, label, requires,
       coalesce(bool_or(hit) FILTER (WHERE op = 'has'), true) AND NOT coalesce(bool_or(hit) FILTER (WHERE op = 'lacks'), false)
         AS holds
FROM matched GROUP BY ALL;

-- findings ⨝ files ⨝ snapshots, where they hold: the snapshot's declared AnyIO requirement allows the finding's
-- AnyIO range (mart_anyio_requirements), and its repository conditions hold there (mart_finding_conditions). A blob
-- present at two paths yields one row per path.
CREATE OR REPLACE VIEW mart_findings_snapshot AS -- grain: one row per finding per file path per snapshot
SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.is_head_snapshot, sn.commit_id, f.path,
       anyscope_dir_of(f.path) AS dir, x.rule_id, x.severity, x.line, x.col, x.end_line, x.end_col,
       trim(x.source_line) AS source_line, x.message, x.fix, x.anyio, ar.declared AS anyio_declared,
       anyscope_site_key(f.path, x.rule_id, x.source_line,
                         row_number() OVER (PARTITION BY sn.repo_id, sn.label, f.path, x.rule_id, trim(x.source_line)
                                            ORDER BY x.line, x.col)) AS site_key
FROM mart_snapshots sn
JOIN mart_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_findings x ON x.blob_id = f.blob_id
LEFT JOIN mart_anyio_requirements ar ON ar.repo_id = sn.repo_id AND ar.label = sn.label
LEFT JOIN mart_finding_ranges fr ON fr.anyio = x.anyio
LEFT JOIN mart_finding_conditions fc ON fc.repo_id = sn.repo_id AND fc.label = sn.label AND fc.requires = x.requires
WHERE anyscope_anyio_allows(fr.lo, fr.hi, ar.lowest, ar.highest, ar.highest_allowed)
  AND (x.requires = '' OR fc.holds);

CREATE OR REPLACE VIEW mart_findings_head AS  -- grain: one row per finding per file path at each repository's head
SELECT * FROM mart_findings_snapshot WHERE is_head_snapshot;

-- What the reports count: the findings in files of the counted path classes (mart_files.counted), as they count
-- legacy sites, with the file's path class. Scope, hotspots, progress, new and fixed findings read this view.
CREATE OR REPLACE VIEW mart_findings_counted AS -- grain: one row per finding per counted file path per snapshot
SELECT x.*, f.path_class
FROM mart_findings_snapshot x
JOIN mart_files f ON f.repo_id = x.repo_id AND f.commit_id = x.commit_id AND f.path = x.path
WHERE f.counted;

-- New findings per point of each repository's series (like mart_regressions), attributed to the newest first-parent
-- commit in (previous point, this point] that changed the path, else to the point's snapshot commit.
CREATE OR REPLACE VIEW mart_finding_regressions AS -- grain: one row per finding new at a point of a repository's series
WITH reg AS (
  SELECT cur.repo_id, cur.repo, cur.team, cur.label AS period, s.kind AS period_kind, s.point_time, s.point_seq,
         cur.path, cur.line, cur.col, cur.rule_id, cur.severity, cur.source_line, cur.message, cur.fix,
         cur.commit_id AS snapshot_commit_id, s.author AS snapshot_author, s.author_time AS snapshot_author_time,
         s.commit_time AS snapshot_commit_time, s.prev_label AS previous_period, s.prev_commit_time
  FROM mart_findings_counted cur
  JOIN mart_snapshots s ON s.repo_id = cur.repo_id AND s.label = cur.label
  WHERE s.in_series AND s.is_complete AND s.prev_label IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM mart_findings_snapshot q
                    WHERE q.repo_id = cur.repo_id AND q.label = s.prev_label AND q.site_key = cur.site_key)
    AND NOT EXISTS (SELECT 1 FROM mart_snapshot_origins o JOIN mart_findings_snapshot q
                      ON q.repo_id = o.repo_id AND q.label = s.prev_label
                     AND q.site_key = o.origin_path || substr(cur.site_key, length(cur.path) + 1)
                    WHERE o.repo_id = cur.repo_id AND o.label = cur.label AND o.path = cur.path)
)
SELECT reg.repo_id, reg.repo, reg.team, reg.period, reg.period_kind, reg.point_time, reg.point_seq,
       reg.previous_period, reg.path, reg.line, reg.col, reg.rule_id, reg.severity, reg.source_line, reg.message,
       reg.fix, coalesce(a.commit_id, reg.snapshot_commit_id) AS commit_id,
       CASE WHEN a.commit_id IS NULL THEN reg.snapshot_author ELSE a.author END AS author,
       CASE WHEN a.commit_id IS NULL THEN reg.snapshot_author_time ELSE a.author_time END AS author_time,
       CASE WHEN a.commit_id IS NULL THEN 'snapshot' ELSE 'change' END AS attributed_by
FROM reg LEFT JOIN mart_point_last_change a
  ON a.repo_id = reg.repo_id AND a.label = reg.period AND a.path = reg.path;

-- Fixed findings per point of each repository's series: a finding (counted path classes) of the previous complete
-- point whose identity is absent from this point (its line was edited or removed, or its file deleted), not counting
-- files renamed or copied in the window (the finding found again at the new path is not fixed). Attributed like new
-- findings: the newest first-parent commit in (previous point, this point] that changed the path, else the point's
-- snapshot commit.
CREATE OR REPLACE VIEW mart_finding_fixes AS     -- grain: one row per finding gone at a point of a repository's series
WITH fx AS (
  SELECT s.repo_id, s.repo, s.team, s.label AS period, s.kind AS period_kind, s.point_time, s.point_seq,
         s.prev_label AS previous_period, p.path, p.line, p.col, p.rule_id, p.severity, p.source_line, p.message,
         p.fix, s.commit_id AS snapshot_commit_id, s.author AS snapshot_author, s.author_time AS snapshot_author_time
  FROM mart_snapshots s
  JOIN mart_findings_counted p ON p.repo_id = s.repo_id AND p.label = s.prev_label
  WHERE s.in_series AND s.is_complete AND s.prev_label IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM mart_findings_snapshot q
                    WHERE q.repo_id = s.repo_id AND q.label = s.label AND q.site_key = p.site_key)
    AND NOT EXISTS (SELECT 1 FROM mart_snapshot_origins o JOIN mart_findings_snapshot q
                      ON q.repo_id = o.repo_id AND q.label = o.label AND q.path = o.path
                     AND q.site_key = o.path || substr(p.site_key, length(p.path) + 1)
                    WHERE o.repo_id = s.repo_id AND o.label = s.label AND o.origin_path = p.path)
)
SELECT fx.repo_id, fx.repo, fx.team, fx.period, fx.period_kind, fx.point_time, fx.point_seq, fx.previous_period,
       fx.path, fx.line, fx.col, fx.rule_id, fx.severity, fx.source_line, fx.message, fx.fix,
       coalesce(a.commit_id, fx.snapshot_commit_id) AS commit_id,
       CASE WHEN a.commit_id IS NULL THEN fx.snapshot_author ELSE a.author END AS author,
       CASE WHEN a.commit_id IS NULL THEN fx.snapshot_author_time ELSE a.author_time END AS author_time,
       CASE WHEN a.commit_id IS NULL THEN 'snapshot' ELSE 'change' END AS attributed_by
FROM fx LEFT JOIN mart_point_last_change a
  ON a.repo_id = fx.repo_id AND a.label = fx.period AND a.path = fx.path;

CREATE OR REPLACE VIEW rpt_findings_by_rule AS -- grain: one row per rule with findings at head, most findings first
SELECT rule_id, any_value(severity) AS severity, count(*) AS findings, count(DISTINCT repo_id || '/' || path) AS files,
       count(DISTINCT repo_id) AS repos, any_value(fix ORDER BY repo, path, line) AS fix
FROM mart_findings_counted WHERE is_head_snapshot GROUP BY rule_id ORDER BY findings DESC, rule_id;

CREATE OR REPLACE VIEW rpt_findings AS         -- grain: one row per finding at head, by repository, path and line
SELECT repo, path, line, rule_id, severity, message, fix, source_line
FROM mart_findings_counted WHERE is_head_snapshot ORDER BY repo, path, line, col, rule_id;

CREATE OR REPLACE VIEW rpt_findings_summary AS -- grain: one row: findings at head over every repository, and how they split by rule
SELECT (SELECT count(*) FROM mart_findings_counted WHERE is_head_snapshot) AS findings,
       (SELECT count(DISTINCT repo_id || '/' || path) FROM mart_findings_counted WHERE is_head_snapshot) AS files,
       (SELECT count(*) FROM mart_findings_counted WHERE is_head_snapshot AND severity = 'error') AS errors,
       coalesce((SELECT string_agg(rule_id || ' ' || findings, ', ' ORDER BY findings DESC, rule_id)
                 FROM rpt_findings_by_rule), '') AS by_rule;

CREATE OR REPLACE VIEW rpt_finding_fixes AS -- grain: one row per finding gone at a point of a repository's series, newest first
SELECT repo, period, path, line, col, rule_id, severity, source_line, commit_id, author, author_time, attributed_by,
       period_kind
FROM mart_finding_fixes ORDER BY point_time DESC, repo, path, line, col, rule_id;

CREATE OR REPLACE VIEW rpt_finding_regressions AS -- grain: one row per finding new at a point of a repository's series, newest first
SELECT repo, period, path, line, col, rule_id, severity, source_line, commit_id, author, author_time, attributed_by,
       period_kind
FROM mart_finding_regressions ORDER BY point_time DESC, repo, path, line, col, rule_id;
