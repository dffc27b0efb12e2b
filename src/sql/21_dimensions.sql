-- anyscope analytics: marts, dimensions: the repositories, snapshots and changes kept by the repo/team/since
-- filters. Each view states its GRAIN. Marts read staging views and the ref_ tables only.
--
-- Changes (stg_changes): one row per first-parent commit and tracked path it changed relative to its first
-- parent. "At or before" a snapshot, and windows between snapshots, go by committer date (as the snapshots were
-- chosen); seq (the position on the first-parent line) orders changes within a window. When committer dates go
-- backwards along the first-parent line, a change can fall into the wrong window (README, Limitations). Only
-- first-parent commits are listed: a branch merged with a merge commit is attributed to the merge.

CREATE OR REPLACE VIEW mart_repos AS             -- grain: one row per repository (after the repo/team filters)
SELECT r.repo_id, r.name AS repo, coalesce(r.team, '(no team)') AS team, r.url, r.status, r.error,
       r.default_branch, r.head_commit, r.scanned_at
FROM stg_repos r
WHERE (getvariable('anyscope_repo') IS NULL OR r.name = getvariable('anyscope_repo'))
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

-- The changes of the repositories kept by the repo/team filters.
CREATE OR REPLACE VIEW mart_changes AS           -- grain: one row per (repo, first-parent commit, changed tracked path)
SELECT c.repo_id, r.repo, r.team, c.commit_id, c.parent_id, c.seq, c.commit_time, c.author_time, c.author, c.path,
       anyscope_dir_of(c.path) AS dir,
       c.change, c.old_blob_id, c.new_blob_id, c.parser
FROM stg_changes c JOIN mart_repos r USING (repo_id);
