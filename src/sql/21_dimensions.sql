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
-- newest snapshot. prev_label: the previous WEEKLY snapshot of the same repository (weekly snapshots only);
-- prev_commit_time: that snapshot's commit_time.
-- in_since: the snapshot is a week starting on or after anyscope_since (always true without it).
-- status: 'ok' (the whole tree was read), 'partial' or 'failed' (an unreadable tree or object: errors rows). The
-- weekly links (prev_label, prev_commit_time, week_seq) run over complete ('ok') weekly snapshots only, so a week
-- that could not be read is skipped: the next complete week is compared with the last complete one.
CREATE OR REPLACE VIEW mart_snapshots AS         -- grain: one row per snapshot (repo_id, label)
WITH s AS (
  SELECT s.*, r.repo, r.team,
         row_number() OVER (PARTITION BY s.repo_id
                            ORDER BY (s.kind = 'head') DESC, s.is_head DESC, s.commit_time DESC,
                                     s.period_start DESC NULLS LAST, s.label DESC) = 1 AS is_head_snapshot
  FROM stg_snapshots s JOIN mart_repos r USING (repo_id)
), w AS (
  SELECT repo_id, label,
         lag(label) OVER (PARTITION BY repo_id ORDER BY period_start) AS prev_label,
         lag(commit_time) OVER (PARTITION BY repo_id ORDER BY period_start) AS prev_commit_time,
         row_number() OVER (PARTITION BY repo_id ORDER BY period_start) AS week_seq
  FROM s WHERE kind = 'week' AND status = 'ok'
)
SELECT s.repo_id, s.repo, s.team, s.label, s.kind, s.period_start, s.period_end, s.commit_id, s.commit_time,
       s.author_time, s.author, s.is_head, s.repeated, s.status, s.status = 'ok' AS is_complete,
       s.is_head_snapshot, w.prev_label, w.prev_commit_time, w.week_seq,
       s.kind = 'week' AND (getvariable('anyscope_since') IS NULL
                            OR s.period_start >= CAST(getvariable('anyscope_since') AS DATE)) AS in_since
FROM s LEFT JOIN w USING (repo_id, label);

-- The changes of the repositories kept by the repo/team filters.
CREATE OR REPLACE VIEW mart_changes AS           -- grain: one row per (repo, first-parent commit, changed tracked path)
SELECT c.repo_id, r.repo, r.team, c.commit_id, c.parent_id, c.seq, c.commit_time, c.author_time, c.author, c.path,
       anyscope_dir_of(c.path) AS dir,
       c.change, c.old_blob_id, c.new_blob_id, c.parser
FROM stg_changes c JOIN mart_repos r USING (repo_id);
