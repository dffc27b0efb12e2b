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

CREATE OR REPLACE VIEW stg_findings AS        -- grain: one row per finding (blob_id, rule_id, line, col)
SELECT blob_id, rule_id, severity, line, col, end_line, end_col, source_line, message, fix
FROM read_parquet(coalesce(getvariable('anyscope_files_findings'), [getvariable('anyscope_generation') || '/findings/*.parquet']), union_by_name = true);

-- findings ⨝ files ⨝ snapshots. A blob present at two paths yields one row per path.
CREATE OR REPLACE VIEW mart_findings_snapshot AS -- grain: one row per finding per file path per snapshot
SELECT sn.repo_id, sn.repo, sn.team, sn.label, sn.is_head_snapshot, sn.commit_id, f.path,
       anyscope_dir_of(f.path) AS dir, x.rule_id, x.severity, x.line, x.col, x.end_line, x.end_col,
       trim(x.source_line) AS source_line, x.message, x.fix,
       f.path || chr(31) || x.rule_id || chr(31) || trim(x.source_line) || chr(31) ||
         CAST(row_number() OVER (PARTITION BY sn.repo_id, sn.label, f.path, x.rule_id, trim(x.source_line)
                                 ORDER BY x.line, x.col) AS VARCHAR) AS site_key
FROM mart_snapshots sn
JOIN stg_files f ON f.repo_id = sn.repo_id AND f.commit_id = sn.commit_id
JOIN stg_findings x ON x.blob_id = f.blob_id;

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
SELECT repo, period, path, line, rule_id, severity, source_line, commit_id, author, author_time, attributed_by,
       period_kind
FROM mart_finding_fixes ORDER BY point_time DESC, repo, path, line, col, rule_id;

CREATE OR REPLACE VIEW rpt_finding_regressions AS -- grain: one row per finding new at a point of a repository's series, newest first
SELECT repo, period, path, line, rule_id, severity, source_line, commit_id, author, author_time, attributed_by,
       period_kind
FROM mart_finding_regressions ORDER BY point_time DESC, repo, path, line, col, rule_id;
