-- anyscope analytics: marts, dimensions: the repositories, snapshots and changes kept by the repo/team/since
-- filters. Each view states its GRAIN. Marts read staging views and the ref_ tables only.
--
-- Changes (stg_changes): one row per first-parent commit and tracked path it changed relative to its first
-- parent; a rename or copy is one row of the new path naming old_path (mart_change_files follows files across
-- renames). "At or before" a snapshot, and windows between snapshots, go by committer date (as the snapshots were
-- chosen); seq (the position on the first-parent line) orders changes within a window. When committer dates go
-- backwards along the first-parent line, a change can fall into the wrong window (README, Limitations). Only
-- first-parent commits are listed: a branch merged with a merge commit is attributed to the merge.

-- repo, the display name every report shows and keys pages by, is unique: a name that several repositories share
-- (the default name is the last component of the location: github.com/a/api and github.com/b/api are both "api",
-- as are mirrors kept as .../a/repo and .../b/repo) gets its location's parent component, "a/api"; when that is
-- shared too, the id's first 8 characters, "api (1f2e3d4c)". The repo filter takes either name.
-- materialise: no (it holds scanned_at, which every run changes: a scan that found nothing new links the marts
-- of the generation before, Tables.RUN_COLUMNS; one row per repository, computed on each read)
CREATE OR REPLACE VIEW mart_repos AS             -- grain: one row per repository (after the repo/team filters)
WITH parented AS (
  SELECT r.*, CASE WHEN count(*) OVER (PARTITION BY r.name) = 1 THEN r.name
              ELSE coalesce(nullif(regexp_extract(regexp_replace(r.url, '(/\.git|\.git)?[/\\]*$', ''),
                                                  '([^/:\\]+)[/:\\][^/:\\]+$', 1), '') || '/', '') || r.name END AS parented
  FROM stg_repos r
), named AS (
  SELECT *, CASE WHEN count(*) OVER (PARTITION BY parented) = 1 THEN parented
                 ELSE parented || ' (' || left(repo_id, 8) || ')' END AS repo
  FROM parented
)
SELECT r.repo_id, r.repo, coalesce(r.team, '(no team)') AS team, r.url, r.status, r.error,
       r.default_branch, r.head_commit, r.scanned_at
FROM named r
WHERE (getvariable('anyscope_repo') IS NULL OR getvariable('anyscope_repo') IN (r.name, r.repo))
  AND (getvariable('anyscope_team') IS NULL OR r.team = getvariable('anyscope_team'));

-- The head snapshot of a repository: its 'head' snapshot, else the newest snapshot at the branch tip, else the
-- newest snapshot.
-- Progress series: each repository's points are its snapshots of one kind, series_kind: anyscope_period when set,
-- else the repository's scan mode = the kind (week, month, tag, commit) of its snapshot at the branch tip, else (the
-- tip is a 'head' row: an untagged tip in a tags scan) the kind of its newest periodic snapshot (several kinds stay
-- in a data set when one repository is scanned in several modes; ties: week, month, tag, commit). 'head' rows are
-- never points. in_series: the snapshot is such a point and in the since window (anyscope_since: a week or month
-- starting on or after it, a tag or commit dated on or after it; always true without it).
-- point_time: the instant the point stands for, which orders the series and aligns repositories in the
-- organisation's: the end of the week or month (the first instant after it), the commit date of a tag or commit.
-- point_date: the date on the axis (first day of the week or month; the tag's or commit's committer date).
-- status: 'ok' (the whole tree was read), 'partial' or 'failed' (an unreadable tree or object: errors rows). The
-- series links (prev_label, prev_commit_time, prev_point_time, point_seq) run over complete ('ok') points only, so a
-- point that could not be read is skipped: the next complete point is compared with the last complete one. Points of
-- equal time (tags on commits with the same committer date, commits of a rebase) are ordered by their position on
-- the first-parent line when the changes table holds it, then by label.
CREATE OR REPLACE VIEW mart_snapshots AS         -- grain: one row per snapshot (repo_id, label)
WITH s AS (
  SELECT s.*, r.repo, r.team,
         row_number() OVER (PARTITION BY s.repo_id
                            ORDER BY (s.kind = 'head') DESC, s.is_head DESC, s.commit_time DESC,
                                     s.period_start DESC NULLS LAST, s.label DESC) = 1 AS is_head_snapshot,
         CASE WHEN s.kind IN ('week', 'month') THEN CAST(s.period_end + 1 AS TIMESTAMP)
              WHEN s.kind IN ('tag', 'commit') THEN s.commit_time END AS point_time,
         CASE WHEN s.kind IN ('week', 'month') THEN s.period_start
              WHEN s.kind IN ('tag', 'commit') THEN CAST(s.commit_time AS DATE) END AS point_date
  FROM stg_snapshots s JOIN mart_repos r USING (repo_id)
), modes AS (
  SELECT repo_id, coalesce(getvariable('anyscope_period'), kind) AS series_kind
  FROM s WHERE kind IN ('week', 'month', 'tag', 'commit')
  QUALIFY row_number() OVER (PARTITION BY repo_id
                             ORDER BY is_head DESC, commit_time DESC,
                                      list_position(['week', 'month', 'tag', 'commit'], kind)) = 1
), flagged AS (
  SELECT s.*, m.series_kind,
         s.kind IN ('week', 'month', 'tag', 'commit') AND s.kind = m.series_kind
           AND (getvariable('anyscope_since') IS NULL
                OR s.point_date >= CAST(getvariable('anyscope_since') AS DATE)) AS in_series
  FROM s LEFT JOIN modes m USING (repo_id)
), seqs AS (
  SELECT repo_id, commit_id, max(seq) AS line_seq FROM stg_changes GROUP BY ALL
), w AS (
  SELECT f.repo_id, f.label,
         lag(f.label) OVER o AS prev_label, lag(f.commit_time) OVER o AS prev_commit_time,
         lag(f.point_time) OVER o AS prev_point_time, row_number() OVER o AS point_seq
  FROM flagged f LEFT JOIN seqs q USING (repo_id, commit_id)
  WHERE f.in_series AND f.status = 'ok'
  WINDOW o AS (PARTITION BY f.repo_id ORDER BY f.point_time, q.line_seq NULLS FIRST, f.label)
)
SELECT s.repo_id, s.repo, s.team, s.label, s.kind, s.period_start, s.period_end, s.commit_id, s.commit_time,
       s.author_time, s.author, s.is_head, s.repeated, s.status, s.status = 'ok' AS is_complete,
       s.is_head_snapshot, s.series_kind, s.in_series, s.point_time, s.point_date,
       w.prev_label, w.prev_commit_time, w.prev_point_time, w.point_seq,
       s.in_series AS in_since, w.point_seq AS week_seq -- the names of in_series and point_seq before other modes
FROM flagged s LEFT JOIN w USING (repo_id, label);

-- The changes of the repositories kept by the repo/team filters. path_class: the class of the changed path (of its
-- new blob; a delete's, of the old one), decided as mart_files decides it (20_reference_path_classes.sql).
CREATE OR REPLACE VIEW mart_changes AS           -- grain: one row per (repo, first-parent commit, changed tracked path)
SELECT c.repo_id, r.repo, r.team, c.commit_id, c.parent_id, c.seq, c.commit_time, c.author_time, c.author, c.path,
       anyscope_dir_of(c.path) AS dir,
       c.change, c.old_blob_id, c.new_blob_id, c.parser, c.old_path,
       coalesce(m.path_class, 'source') AS path_class
FROM stg_changes c JOIN mart_repos r USING (repo_id)
LEFT JOIN stg_blobs b ON b.blob_id = coalesce(c.new_blob_id, c.old_blob_id) AND b.parser = c.parser
LEFT JOIN ref_path_matchers m
  ON m.n = anyscope_path_matcher_no(c.repo_id, c.path, b.generated_header IS NOT NULL);

-- The file a change belongs to at the end of the listed history, following renames: file_path is the path the
-- change's file has after the renames that followed it (change 'rename' with old_path = its path, and so on), or
-- its own path when it was not renamed later (a delete keeps its path). A copy starts a new file: its source goes on
-- under its own name. A path deleted before any later rename of that name ends the chain (a new file of that name is
-- another file). So a rename is one change of one file (its new path), not a delete and an add of two.
CREATE OR REPLACE VIEW mart_change_files AS      -- grain: one row per mart_changes row (repo, commit, path)
WITH RECURSIVE ends AS (   -- what ends a path: its delete, or its rename to another path
  SELECT repo_id, seq, path AS ended, change, path AS to_path FROM mart_changes WHERE change = 'delete'
  UNION ALL
  SELECT repo_id, seq, old_path, change, path FROM mart_changes WHERE change = 'rename'
), nxt AS (                -- each change followed by a rename of its path (before any delete of it)
  SELECT * FROM (
    SELECT c.repo_id, c.seq, c.path, e.seq AS next_seq, e.to_path AS next_path, e.change AS next_change
    FROM mart_changes c JOIN ends e ON e.repo_id = c.repo_id AND e.ended = c.path AND e.seq > c.seq
    WHERE c.change <> 'delete'
    QUALIFY row_number() OVER (PARTITION BY c.repo_id, c.seq, c.path ORDER BY e.seq) = 1)
  WHERE next_change = 'rename'
), chase(repo_id, seq, path, at_seq, at_path) AS (
  SELECT repo_id, seq, path, next_seq, next_path FROM nxt
  UNION ALL
  SELECT c.repo_id, c.seq, c.path, n.next_seq, n.next_path
  FROM chase c JOIN nxt n ON n.repo_id = c.repo_id AND n.seq = c.at_seq AND n.path = c.at_path
), final AS (
  SELECT repo_id, seq, path, arg_max(at_path, at_seq) AS file_path FROM chase GROUP BY ALL
)
SELECT c.*, coalesce(f.file_path, c.path) AS file_path
FROM mart_changes c LEFT JOIN final f USING (repo_id, seq, path);

-- The path a file of a complete point of its repository's series (week, month, tag or commit: in_series) had at the
-- previous complete point, for
-- the files renamed or copied in between: in the window (previous snapshot's commit, this snapshot's commit] (by
-- committer date, as mart_regressions), the path's last change that is not a modify is a rename or copy, and the
-- chain of renames and copies before it in the window leads to origin_path (a path whose last earlier change in the
-- window is not a rename or copy ends the chain; an add there means the file is new in the window: no row).
-- moved_by: 'rename' when every step was a rename, else 'copy' (the origin is still there, or was renamed apart).
CREATE OR REPLACE VIEW mart_snapshot_origins AS  -- grain: one row per (repo, complete point of its series, path renamed or copied in its window)
WITH RECURSIVE win AS (
  SELECT repo_id, label, prev_commit_time, commit_time FROM mart_snapshots
  WHERE in_series AND is_complete AND prev_label IS NOT NULL
), ev AS (                 -- the changes of each window that are not modifies
  SELECT w.repo_id, w.label, c.seq, c.path, c.change, c.old_path
  FROM win w JOIN mart_changes c ON c.repo_id = w.repo_id
   AND c.commit_time > w.prev_commit_time AND c.commit_time <= w.commit_time
  WHERE c.change <> 'modify'
), last AS (
  SELECT * FROM ev QUALIFY row_number() OVER (PARTITION BY repo_id, label, path ORDER BY seq DESC) = 1
), back AS (               -- for a rename or copy, the last change of its old_path before it in the window
  SELECT m.repo_id, m.label, m.seq, m.path, e.seq AS from_seq, e.change AS from_change, e.old_path AS from_old
  FROM ev m JOIN ev e ON e.repo_id = m.repo_id AND e.label = m.label AND e.path = m.old_path AND e.seq < m.seq
  WHERE m.change IN ('rename', 'copy')
  QUALIFY row_number() OVER (PARTITION BY m.repo_id, m.label, m.seq, m.path ORDER BY e.seq DESC) = 1
), chase(repo_id, label, path, at_seq, at_path, origin, alive, all_renames, depth) AS (
  SELECT repo_id, label, path, seq, path, old_path, true, change = 'rename', 0
  FROM last WHERE change IN ('rename', 'copy')
  UNION ALL
  SELECT c.repo_id, c.label, c.path, b.from_seq, c.origin, b.from_old, b.from_change IN ('rename', 'copy'),
         c.all_renames AND b.from_change = 'rename', c.depth + 1
  FROM chase c JOIN back b ON b.repo_id = c.repo_id AND b.label = c.label AND b.seq = c.at_seq
   AND b.path = c.at_path
  WHERE c.alive
)
SELECT repo_id, label, path, origin AS origin_path, CASE WHEN all_renames THEN 'rename' ELSE 'copy' END AS moved_by
FROM chase
QUALIFY row_number() OVER (PARTITION BY repo_id, label, path ORDER BY depth DESC) = 1 AND alive;

-- The commit a new site or finding at a point is attributed to: the newest first-parent change (by position on the
-- line) of its path in the point's window (previous complete point's commit, this point's commit], by committer date.
-- mart_regressions and mart_finding_regressions attribute through it (and fall back to the point's snapshot commit).
CREATE OR REPLACE VIEW mart_point_last_change AS -- grain: one row per (repo, complete point with a previous one, path changed in its window)
SELECT s.repo_id, s.label, c.path, c.commit_id, c.author, c.author_time
FROM mart_snapshots s
JOIN mart_changes c ON c.repo_id = s.repo_id AND c.commit_time > s.prev_commit_time AND c.commit_time <= s.commit_time
WHERE s.in_series AND s.is_complete AND s.prev_label IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY s.repo_id, s.label, c.path ORDER BY c.seq DESC) = 1;
