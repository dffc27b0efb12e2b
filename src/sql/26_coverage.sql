-- anyscope analytics: marts, coverage: how much of each repository the data set holds, and its failed inputs. Each
-- view states its GRAIN. Marts read staging views, the ref_ tables and the dimensions (21_dimensions.sql) only.
--
-- stg_errors holds, per generation, the failures still outstanding and the notes (schemas/README.md, errors): a run
-- reads again every input whose failure a re-read can change, so a failure stays until its input is read (a binary
-- blob's stays), and one that was fixed is gone. A failure is an errors row whose kind loses data (ref_error_kinds); the others are notes.

CREATE OR REPLACE VIEW mart_failed_inputs AS     -- grain: one row per outstanding failed input (errors row that loses data)
SELECT e.repo_id, coalesce(r.repo, e.repo) AS repo, e.snapshot, e.path, e.blob_id, e.stage, e.kind, e.message,
       e.run_id, e."at",
       CASE WHEN e.path IS NOT NULL THEN coalesce(m.path_class, 'source') END AS path_class -- by the path rules alone
FROM stg_errors e LEFT JOIN ref_error_kinds k USING (kind) LEFT JOIN mart_repos r USING (repo_id)
LEFT JOIN ref_path_matchers m ON m.n = anyscope_path_matcher_no(e.repo_id, e.path, false)
WHERE coalesce(k.loses_data, true)
  AND (r.repo_id IS NOT NULL
       OR (e.repo_id IS NULL AND getvariable('anyscope_repo') IS NULL AND getvariable('anyscope_team') IS NULL));

-- Coverage at each repository's head snapshot (the one scope and hotspots read). tracked_files: the files rows of the
-- head commit plus the tracked entries its listing could not read (errors of stage list at that commit; an unreadable
-- directory counts as one); unread_files: those entries plus the files whose blob could not be read (blobs status
-- too_large, binary or error). failed_inputs: every outstanding failure of the repository, in any snapshot or stage.
-- status: 'failed' (the repository could not be opened, or its head commit not read), 'partial' (a failure is
-- outstanding: unread files at head, a snapshot read in part, a damaged history, changes not listed), else 'ok'.
CREATE OR REPLACE VIEW mart_coverage AS          -- grain: one row per repository (after the repo/team filters)
WITH head AS (SELECT repo_id, label, commit_id, status FROM mart_snapshots WHERE is_head_snapshot),
     listed AS (SELECT h.repo_id, count(*) AS files,
                       count(*) FILTER (WHERE b.status IN ('too_large', 'binary', 'error')) AS unread
                FROM head h JOIN mart_files f ON f.repo_id = h.repo_id AND f.commit_id = h.commit_id
                LEFT JOIN stg_blobs b ON b.blob_id = f.blob_id AND b.parser = f.parser
                GROUP BY ALL),
     unlisted AS (SELECT h.repo_id, count(DISTINCT i.path) AS entries
                  FROM head h JOIN mart_failed_inputs i ON i.repo_id = h.repo_id AND i.snapshot = h.commit_id
                  WHERE i.stage = 'list' AND i.path IS NOT NULL GROUP BY ALL),
     failures AS (SELECT repo_id, count(*) AS failed_inputs FROM mart_failed_inputs GROUP BY ALL)
SELECT r.repo_id, r.repo, r.team, h.label AS head_label, h.status AS head_status,
       coalesce(l.files, 0) + coalesce(u.entries, 0) AS tracked_files,
       coalesce(l.unread, 0) + coalesce(u.entries, 0) AS unread_files,
       round(100.0 * (coalesce(l.unread, 0) + coalesce(u.entries, 0))
             / nullif(coalesce(l.files, 0) + coalesce(u.entries, 0), 0), 2) AS pct_unread,
       coalesce(f.failed_inputs, 0) AS failed_inputs,
       CASE WHEN r.status = 'failed' OR h.status IS NULL OR h.status = 'failed' THEN 'failed'
            WHEN coalesce(f.failed_inputs, 0) > 0 OR h.status <> 'ok'
                 OR coalesce(l.unread, 0) + coalesce(u.entries, 0) > 0 THEN 'partial'
            ELSE 'ok' END AS status
FROM mart_repos r LEFT JOIN head h USING (repo_id) LEFT JOIN listed l USING (repo_id)
LEFT JOIN unlisted u USING (repo_id) LEFT JOIN failures f USING (repo_id);
