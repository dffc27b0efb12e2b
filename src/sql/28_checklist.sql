-- anyscope analytics: the living checklist. Per repository, every file of a counted path class that had legacy or
-- broken sites at a complete point of its series (week, month, tag or commit; a repository scanned at head only: its
-- head snapshot), in phases: open (sites at the newest point), done (none since a point: the week it was done), or
-- regressed (done once, sites again). Files are followed by path: a file renamed with its sites is its old path done
-- (moved_to names the new path, whose own row carries the sites on) and its new path open. `anyscope report checklist` renders it as a Markdown task list per repository.
--
-- Phases: the user's (report --phase 'NAME=GLOB[,GLOB...]', [report] phases of anyscope.toml), in order, FIRST MATCH
-- WINS, a file no glob matches in a last phase "Other files"; without any, by path class (display order of
-- src/catalog/path_classes.yaml: source before tests) and top-level directory. The report hands the phases over in
-- variable anyscope_checklist_phases: one "NAME<TAB>GLOB" line per glob, phases in order. Globs as path classes'.
CREATE OR REPLACE VIEW ref_checklist_phases AS   -- grain: one row per (configured phase, glob), in order
SELECT CAST(dense_rank() OVER (ORDER BY first_k) AS INTEGER) AS phase_no, phase, pattern,
       CAST(k AS INTEGER) AS pattern_no
FROM (SELECT k, split_part(line, chr(9), 1) AS phase, substr(line, strpos(line, chr(9)) + 1) AS pattern,
             min(k) OVER (PARTITION BY split_part(line, chr(9), 1)) AS first_k
      FROM (SELECT generate_subscripts(l, 1) AS k, unnest(l) AS line
            FROM (SELECT string_split(coalesce(CAST(getvariable('anyscope_checklist_phases') AS VARCHAR), ''),
                                      chr(10)) AS l))
      WHERE strpos(line, chr(9)) > 1);

CREATE OR REPLACE VIEW mart_checklist AS         -- grain: one row per (repository, file path) ever with legacy or broken sites in its series
WITH pts AS (           -- the points of each repository: its complete series points, else its head snapshot
  SELECT repo_id, label, commit_id, point_date,
         coalesce(point_seq, 1) AS seq,
         coalesce(point_seq, 1) = max(coalesce(point_seq, 1)) OVER (PARTITION BY repo_id) AS newest
  FROM mart_snapshots s
  WHERE is_complete AND (in_series OR (is_head_snapshot AND NOT EXISTS (
          SELECT 1 FROM mart_snapshots t WHERE t.repo_id = s.repo_id AND t.in_series AND t.is_complete)))
), hits AS (            -- a file at a point where it has legacy or broken sites
  SELECT f.repo_id, f.repo, f.team, f.path, f.dir, f.path_class, p.seq, p.newest,
         f.legacy_sites, f.broken_sites, f.anyio_sites
  FROM mart_file_sites f JOIN pts p USING (repo_id, label)
  WHERE f.counted AND f.legacy_sites + f.broken_sites > 0
), runs AS (            -- runs of consecutive points with sites (islands)
  SELECT *, seq - row_number() OVER (PARTITION BY repo_id, path ORDER BY seq) AS island FROM hits
), islands AS (
  SELECT repo_id, path, island, min(seq) AS from_seq, max(seq) AS to_seq FROM runs GROUP BY ALL
), files AS (
  SELECT repo_id, any_value(repo) AS repo, any_value(team) AS team, path, any_value(dir) AS dir,
         arg_max(path_class, seq) AS path_class, min(seq) AS first_seq, max(seq) AS last_seq,
         bool_or(newest) AS open_now, max(legacy_sites) AS peak_legacy_sites
  FROM hits GROUP BY repo_id, path
), marks AS (           -- the end of the newest run that ended (done), the start of the newest run (regressed)
  SELECT repo_id, path, max(to_seq) FILTER (WHERE NOT ends_now) AS done_after_seq,
         max(from_seq) AS last_run_seq, count(*) AS runs
  FROM (SELECT i.*, i.to_seq = (SELECT max(seq) FROM pts p WHERE p.repo_id = i.repo_id) AS ends_now FROM islands i)
  GROUP BY ALL
), now AS (             -- the file at its repository's newest point
  SELECT repo_id, path, legacy_sites, broken_sites, anyio_sites FROM hits WHERE newest
), newest_files AS (    -- the files with sites of each repository's newest point (mart_snapshot_files' columns)
  SELECT f.repo_id, f.label, p.commit_id, f.is_head_snapshot, f.path, f.path_class, f.counted, f.blob_id, f.parser
  FROM mart_file_sites f JOIN pts p ON p.repo_id = f.repo_id AND p.label = f.label AND p.newest
), newest_sites AS (    -- their legacy and broken sites (sites: no patch facts)
  SELECT s.repo_id, s.path, s.status, s.tier, u.symbol
  FROM anyscope_site_rows(newest_files) s JOIN mart_blob_usages u ON u.blob_id = s.blob_id AND u.fact_no = s.fact_no
  WHERE s.status IN ('legacy', 'broken')
), tiers AS (           -- legacy sites at the newest point by effort tier, dearest first
  SELECT u.repo_id, u.path,
         string_agg(u.tier || ' ' || u.n, ', ' ORDER BY t.tier_order DESC, u.tier) AS tiers
  FROM (SELECT s.repo_id, s.path, s.tier, count(*) AS n
        FROM newest_sites s WHERE s.status = 'legacy' GROUP BY ALL) u
  LEFT JOIN ref_effort_tiers t USING (tier)
  GROUP BY ALL
), symbols AS (         -- the legacy and broken symbols of the newest point, most sites first
  SELECT repo_id, path, string_agg(symbol || ' ×' || n, ', ' ORDER BY n DESC, symbol) FILTER (WHERE r <= 3) AS top_symbols
  FROM (SELECT s.repo_id, s.path, s.symbol, count(*) AS n,
               row_number() OVER (PARTITION BY s.repo_id, s.path ORDER BY count(*) DESC, s.symbol) AS r
        FROM newest_sites s GROUP BY s.repo_id, s.path, s.symbol)
  GROUP BY ALL
)
SELECT f.repo_id, f.repo, f.team, f.path, f.dir, f.path_class,
       CASE WHEN NOT f.open_now THEN 'done' WHEN m.done_after_seq IS NOT NULL THEN 'regressed' ELSE 'open' END AS status,
       coalesce(n.legacy_sites, 0) AS legacy_sites, coalesce(n.broken_sites, 0) AS broken_sites,
       coalesce(n.anyio_sites, 0) AS anyio_sites, t.tiers, s.top_symbols,
       first_p.label AS first_week, f.peak_legacy_sites,
       done_p.label AS done_week, done_p.point_date AS done_date,
       CASE WHEN f.open_now AND m.done_after_seq IS NOT NULL THEN reg_p.label END AS regressed_week,
       CAST(m.runs - CASE WHEN f.open_now THEN 1 ELSE 0 END AS INTEGER) AS times_done,
       EXISTS (SELECT 1 FROM pts p JOIN mart_files mf ON mf.repo_id = p.repo_id AND mf.commit_id = p.commit_id
               WHERE p.repo_id = f.repo_id AND p.newest AND mf.path = f.path) AS file_exists,
       (SELECT p.label FROM pts p WHERE p.repo_id = f.repo_id AND p.newest) AS as_of,
       CASE WHEN NOT f.open_now THEN (SELECT min(o.path) FROM mart_snapshot_origins o
                                      WHERE o.repo_id = f.repo_id AND o.label = done_p.label
                                        AND o.origin_path = f.path AND o.moved_by = 'rename') END AS moved_to
FROM files f
JOIN marks m USING (repo_id, path)
LEFT JOIN now n USING (repo_id, path)
LEFT JOIN tiers t USING (repo_id, path)
LEFT JOIN symbols s USING (repo_id, path)
JOIN pts first_p ON first_p.repo_id = f.repo_id AND first_p.seq = f.first_seq
LEFT JOIN pts done_p ON done_p.repo_id = f.repo_id AND done_p.seq = m.done_after_seq + 1
LEFT JOIN pts reg_p ON reg_p.repo_id = f.repo_id AND reg_p.seq = m.last_run_seq;

-- The checklist in its phases (a report view, not materialised: it follows anyscope_checklist_phases, which the
-- report sets after the marts are built). phase_no/phase: the first configured phase with a glob that matches the
-- path, else 'Other files' after them; with no configured phase, by path class (display order) and top-level
-- directory ('source code in src/', 'tests in tests/', 'source code at the top level').
CREATE OR REPLACE VIEW rpt_checklist AS          -- grain: one row per (repository, file path) of mart_checklist
WITH phased AS (
  SELECT f.*, c.phase_no AS configured_no, c.phase AS configured_phase,
         coalesce(pc.class_order, 99) AS class_order, coalesce(pc.label, f.path_class) AS class_label,
         CASE WHEN strpos(f.path, '/') > 0 THEN split_part(f.path, '/', 1) END AS top_dir
  FROM mart_checklist f
  LEFT JOIN ref_path_classes pc USING (path_class)
  LEFT JOIN ref_checklist_phases c ON regexp_full_match(f.path, anyscope_glob_regex(c.pattern))
  QUALIFY row_number() OVER (PARTITION BY f.repo_id, f.path ORDER BY c.pattern_no NULLS LAST) = 1
), n AS (SELECT count(*) AS phases, max(phase_no) AS last_phase FROM ref_checklist_phases)
SELECT f.repo_id, f.repo, f.team,
       CAST(CASE WHEN n.phases > 0 THEN coalesce(f.configured_no, n.last_phase + 1)
                 ELSE dense_rank() OVER (PARTITION BY f.repo_id ORDER BY f.class_order, f.top_dir NULLS FIRST) END
            AS INTEGER) AS phase_no,
       CASE WHEN n.phases > 0 THEN coalesce(f.configured_phase, 'Other files')
            ELSE f.class_label || CASE WHEN f.top_dir IS NULL THEN ' at the top level' ELSE ' in ' || f.top_dir || '/' END
       END AS phase,
       f.path, f.status, f.legacy_sites, f.broken_sites, f.tiers, f.top_symbols, f.done_week, f.regressed_week,
       f.first_week, f.peak_legacy_sites, f.times_done, f.file_exists, f.path_class, f.dir, f.anyio_sites, f.done_date,
       f.as_of, f.moved_to
FROM phased f, n;

-- The checklist per repository: how many files are open, regressed and done (the checklist report's table).
CREATE OR REPLACE VIEW rpt_checklist_repos AS    -- grain: one row per repository with a checklist
SELECT repo, team, any_value(as_of) AS as_of,
       count(*) FILTER (WHERE status <> 'done') AS files_open,
       count(*) FILTER (WHERE status = 'regressed') AS files_regressed,
       count(*) FILTER (WHERE status = 'done') AS files_done,
       count(*) AS files,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS pct_files_done,
       CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(broken_sites) AS BIGINT) AS broken_sites
FROM mart_checklist GROUP BY repo_id, repo, team;
