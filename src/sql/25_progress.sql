-- anyscope analytics: marts, progress: weekly counts per repository and for the organisation, velocity and
-- projections, and regressions (new legacy sites) with the commit that introduced them. Each view states its GRAIN.
-- Marts read staging views and the ref_ tables only (conventions: 22_usages.sql; changes: 21_dimensions.sql).

-- Progress per period of each repository's scan mode (mart_snapshots.series_kind): per week, per month, per tag
-- (in tag order: committer date of the tagged commit), per commit. Complete snapshots only (status 'ok'): a point
-- whose tree could not be read whole is left out, not counted as empty; the organisation's series carries the
-- repository's last complete point over it.
-- Columns: period (the label: 2026-W07, 2026-02, a tag name or a commit id; week is the same label, the column's
-- name from before other modes had a series), period_kind, point_seq (1, 2, ... along the repository's series),
-- point_time (the instant the point stands for: the end of the week or month, the tag's or commit's commit date),
-- point_date (the date on the axis), period_start and period_end (weeks and months only).
-- The counts are mart_file_sites' (23_scope.sql), summed: legacy_sites and anyio_sites are all sites (imports, direct
-- references and derived facts, each also given apart), so a point's legacy_sites is the scope report's for the same
-- snapshot; % migrated counts direct references only, broken ones as not migrated. Files of the counted path classes
-- only (as scope): moving legacy code into archive/ takes its sites out of the count. findings: the migration
-- mistakes at the point (22_findings.sql, counted path classes); new_findings and fixed_findings: those that appeared
-- and went since the previous complete point (mart_finding_regressions, mart_finding_fixes).
CREATE OR REPLACE VIEW mart_progress_repo_week AS -- grain: one row per (repo, complete point of its series) in the since window
SELECT s.repo_id, s.repo, s.team, s.label AS week, s.label AS period, s.kind AS period_kind, s.point_seq,
       s.point_time, s.prev_point_time, s.point_date, s.period_start, s.period_end, s.commit_id, s.commit_time,
       s.repeated, coalesce(CAST(sum(u.legacy_sites) AS BIGINT), 0) AS legacy_sites,
       coalesce(CAST(sum(u.anyio_sites) AS BIGINT), 0) AS anyio_sites,
       coalesce(CAST(sum(u.legacy_imports) AS BIGINT), 0) AS legacy_imports,
       coalesce(CAST(sum(u.anyio_imports) AS BIGINT), 0) AS anyio_imports,
       coalesce(CAST(sum(u.neutral_sites) AS BIGINT), 0) AS neutral_sites,
       coalesce(CAST(sum(u.legacy_refs) AS BIGINT), 0) AS legacy_refs, coalesce(CAST(sum(u.legacy_derived) AS BIGINT), 0) AS legacy_derived,
       coalesce(CAST(sum(u.anyio_refs) AS BIGINT), 0) AS anyio_refs, coalesce(CAST(sum(u.anyio_derived) AS BIGINT), 0) AS anyio_derived,
       coalesce(CAST(sum(u.broken_sites) AS BIGINT), 0) AS broken_sites, coalesce(CAST(sum(u.broken_refs) AS BIGINT), 0) AS broken_refs,
       count(u.path) FILTER (WHERE u.broken_sites > 0) AS broken_files,
       anyscope_pct_migrated(coalesce(CAST(sum(u.anyio_refs) AS BIGINT), 0),
                             coalesce(CAST(sum(u.legacy_refs) AS BIGINT), 0) + coalesce(CAST(sum(u.broken_refs) AS BIGINT), 0)) AS pct_migrated,
       coalesce(any_value(fs.n), 0) AS findings, coalesce(any_value(fn.n), 0) AS new_findings,
       coalesce(any_value(ff.n), 0) AS fixed_findings
FROM mart_snapshots s
LEFT JOIN mart_file_sites u ON u.repo_id = s.repo_id AND u.label = s.label AND u.counted
LEFT JOIN (SELECT repo_id, label, count(*) AS n FROM mart_findings_counted GROUP BY ALL) fs
  ON fs.repo_id = s.repo_id AND fs.label = s.label
LEFT JOIN (SELECT repo_id, period, count(*) AS n FROM mart_finding_regressions GROUP BY ALL) fn
  ON fn.repo_id = s.repo_id AND fn.period = s.label
LEFT JOIN (SELECT repo_id, period, count(*) AS n FROM mart_finding_fixes GROUP BY ALL) ff
  ON ff.repo_id = s.repo_id AND ff.period = s.label
WHERE s.in_series AND s.is_complete
GROUP BY ALL;

-- The organisation's series. Its points (period_kind): calendar weeks when any repository's series is weekly, else
-- calendar months when any is monthly -- the periods some repository has a point in (a monthly, per-tag or
-- per-commit repository's point adds the week or month it falls in) -- else, every repository being per tag or per
-- commit, one point per distinct point time of any repository (labelled with the tag, or with "repo tag" when several
-- repositories are summed; kind 'tag' or 'commit', or 'tag+commit' when both occur). A point of another kind falls
-- in the period of the last instant it stands for (a month's point in the week or month of its last day, so the
-- ASOF join below finds it there). Each point sums, over the
-- repositories whose series has started, each repository's latest complete point at or before the point's time
-- (ASOF join on point_time, the end of the calendar period): a monthly or per-tag repository counts in a weekly
-- organisation series with its latest month or tag at that week's end, and a repository whose history ends before
-- the organisation's last point (no commit since) still counts with its latest point, so the burn-down does not drop
-- when a repository goes quiet. prev_point_time: the organisation's previous point. findings sums as the sites do;
-- new_findings and fixed_findings count every repository point in (prev_point_time, point_time] (a repository with
-- several points in one organisation period adds each).
CREATE OR REPLACE VIEW mart_progress_org_week AS -- grain: one row per point of the organisation's series
WITH pw AS MATERIALIZED (
  SELECT repo_id, repo, period, period_kind, point_time, point_date, period_start, period_end,
         legacy_sites, anyio_sites, legacy_imports, anyio_imports,
         legacy_refs, legacy_derived, anyio_refs, anyio_derived, broken_sites, broken_refs, broken_files, findings,
         new_findings, fixed_findings
  FROM mart_progress_repo_week
), org AS (
  SELECT CASE WHEN bool_or(period_kind = 'week') THEN 'week' WHEN bool_or(period_kind = 'month') THEN 'month'
              ELSE string_agg(DISTINCT period_kind, '+' ORDER BY period_kind DESC) END AS kind,
         count(DISTINCT repo_id) AS repos
  FROM pw
), cal AS (
  SELECT DISTINCT CASE WHEN pw.period_kind = org.kind THEN pw.period_start
                       WHEN org.kind = 'week' THEN pw.point_day - CAST(isodow(pw.point_day) - 1 AS INTEGER)
                       ELSE CAST(date_trunc('month', pw.point_day) AS DATE) END AS period_start, org.kind
  FROM (SELECT *, CAST(point_time - INTERVAL 1 MICROSECOND AS DATE) AS point_day FROM pw) pw, org
  WHERE org.kind IN ('week', 'month')
), grid AS (
  SELECT CASE kind WHEN 'week' THEN strftime(period_start, '%G-W%V') ELSE strftime(period_start, '%Y-%m') END AS period,
         kind AS period_kind, CAST(period_end + 1 AS TIMESTAMP) AS point_time, period_start AS point_date,
         period_start, period_end
  FROM (SELECT *, CASE kind WHEN 'week' THEN period_start + 6
                            ELSE CAST(period_start + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) END AS period_end
        FROM cal)
  UNION ALL
  SELECT string_agg(DISTINCT CASE WHEN org.repos > 1 THEN repo || ' ' || period ELSE period END, ', '
                    ORDER BY CASE WHEN org.repos > 1 THEN repo || ' ' || period ELSE period END),
         org.kind, point_time, min(point_date), NULL, NULL
  FROM pw, org WHERE org.kind NOT IN ('week', 'month')
  GROUP BY org.kind, point_time
), firsts AS (
  SELECT repo_id, min(point_time) AS first_time FROM pw GROUP BY repo_id
), cells AS (
  SELECT g.point_time, f.repo_id
  FROM grid g JOIN firsts f ON g.point_time >= f.first_time
), filled AS (
  SELECT c.point_time, w.legacy_sites, w.anyio_sites, w.legacy_imports, w.anyio_imports,
         w.legacy_refs, w.legacy_derived, w.anyio_refs, w.anyio_derived, w.broken_sites, w.broken_refs, w.broken_files,
         w.findings
  FROM cells c ASOF JOIN pw w
    ON c.repo_id = w.repo_id AND c.point_time >= w.point_time
), summed AS (
  SELECT point_time, count(*) AS repos, CAST(sum(legacy_sites) AS BIGINT) AS legacy_sites, CAST(sum(anyio_sites) AS BIGINT) AS anyio_sites,
         CAST(sum(legacy_imports) AS BIGINT) AS legacy_imports, CAST(sum(anyio_imports) AS BIGINT) AS anyio_imports,
         CAST(sum(legacy_refs) AS BIGINT) AS legacy_refs, CAST(sum(legacy_derived) AS BIGINT) AS legacy_derived,
         CAST(sum(anyio_refs) AS BIGINT) AS anyio_refs, CAST(sum(anyio_derived) AS BIGINT) AS anyio_derived,
         CAST(sum(broken_sites) AS BIGINT) AS broken_sites, CAST(sum(broken_refs) AS BIGINT) AS broken_refs, CAST(sum(broken_files) AS BIGINT) AS broken_files,
         CAST(sum(findings) AS BIGINT) AS findings
  FROM filled GROUP BY point_time
), pts AS (
  SELECT g.period AS week, g.period, g.period_kind, row_number() OVER (ORDER BY g.point_time) AS point_seq,
         g.point_time, lag(g.point_time) OVER (ORDER BY g.point_time) AS prev_point_time, g.point_date,
         g.period_start, g.period_end, m.repos, m.legacy_sites, m.anyio_sites, m.legacy_imports, m.anyio_imports,
         m.legacy_refs, m.legacy_derived, m.anyio_refs, m.anyio_derived, m.broken_sites, m.broken_refs, m.broken_files,
         anyscope_pct_migrated(m.anyio_refs, m.legacy_refs + m.broken_refs) AS pct_migrated, m.findings
  FROM grid g JOIN summed m USING (point_time)
)
SELECT p.*, coalesce(CAST(sum(w.new_findings) AS BIGINT), 0) AS new_findings,
       coalesce(CAST(sum(w.fixed_findings) AS BIGINT), 0) AS fixed_findings
FROM pts p LEFT JOIN pw w ON w.point_time <= p.point_time
 AND w.point_time > coalesce(p.prev_point_time, '-infinity'::TIMESTAMP)
GROUP BY ALL;

-- velocity = (legacy refs at the first point of the window - legacy refs at the last point) / periods between them,
-- over the trailing anyscope_velocity_weeks periods of the series' kind: weeks (points starting >= the last start -
-- 7 * N days, as before other modes), months (>= last start - N months), tags or commits (the last N + 1 points).
-- velocity_per_period is per period of that kind; velocity_per_week converts it to a rate in time by the points'
-- dates (the days between the window's first and last point). weeks: those days / 7 (whole weeks).
-- projected_completion: the date the legacy count reaches zero at that pace: weeks: end of the last week +
-- ceil(legacy_now / velocity) weeks; months: end of the month ceil(legacy_now / velocity) months after the last one;
-- tags and commits: the last point's date + ceil(legacy_now / velocity) periods of the window's mean length in days
-- (by tag dates). NULL and trend 'not converging' when velocity <= 0 (or a single point); trend 'done' when
-- nothing legacy is left (projected_completion: the last point's end or date). window_opens: the point_time of the
-- point before the window's first one (regressions after it and up to the last point are the window's).
CREATE OR REPLACE VIEW mart_velocity AS          -- grain: one row per repository plus one 'org' row
WITH series AS (
  SELECT 'repo' AS level, repo AS name, period AS week, period_kind, point_seq, point_time, point_date, period_start,
         period_end, legacy_sites, anyio_sites, prev_point_time
  FROM mart_progress_repo_week
  UNION ALL
  SELECT 'org', '(all repositories)', period, period_kind, point_seq, point_time, point_date, period_start,
         period_end, legacy_sites, anyio_sites, prev_point_time
  FROM mart_progress_org_week
), last AS (
  SELECT level, name, arg_max(period_kind, point_time) AS kind, max(point_time) AS last_time,
         max(point_date) AS last_date, max(point_seq) AS last_seq
  FROM series GROUP BY ALL
), win AS (
  SELECT s.*, last.kind FROM series s JOIN last USING (level, name)
  WHERE CASE last.kind
          WHEN 'week' THEN s.point_date >= last.last_date
                           - CAST(7 * CAST(getvariable('anyscope_velocity_weeks') AS INTEGER) AS INTEGER)
          WHEN 'month' THEN s.point_date >= last.last_date
                            - to_months(CAST(getvariable('anyscope_velocity_weeks') AS INTEGER))
          ELSE s.point_seq >= last.last_seq - CAST(getvariable('anyscope_velocity_weeks') AS INTEGER) END
), agg AS (
  SELECT level, name, any_value(kind) AS period_kind,
         arg_min(week, point_time) AS from_week, arg_min(legacy_sites, point_time) AS legacy_then,
         arg_max(week, point_time) AS to_week, arg_max(legacy_sites, point_time) AS legacy_now,
         arg_max(anyio_sites, point_time) AS anyio_now,
         arg_max(coalesce(period_end, point_date), point_time) AS to_end,
         arg_max(point_date, point_time) AS to_date, arg_min(prev_point_time, point_time) AS window_opens,
         CASE any_value(kind) WHEN 'week' THEN CAST((max(point_date) - min(point_date)) / 7 AS INTEGER)
                              WHEN 'month' THEN CAST(datediff('month', min(point_date), max(point_date)) AS INTEGER)
                              ELSE CAST(count(*) - 1 AS INTEGER) END AS periods,
         max(point_date) - min(point_date) AS days
  FROM win GROUP BY ALL
), rated AS (
  SELECT *, CASE WHEN periods > 0 THEN (legacy_then - legacy_now) / CAST(periods AS DOUBLE) END AS velocity_per_period,
         CASE WHEN periods > 0 AND legacy_then > legacy_now
              THEN ceil(legacy_now * CAST(periods AS DOUBLE) / (legacy_then - legacy_now)) END AS periods_left
  FROM agg
)
SELECT level, name, period_kind, from_week, to_week, CAST(floor(days / 7) AS INTEGER) AS weeks, periods,
       legacy_then, legacy_now, anyio_now, velocity_per_period,
       CASE WHEN days > 0 THEN (legacy_then - legacy_now) * 7.0 / days END AS velocity_per_week,
       CASE WHEN legacy_now = 0 THEN 'done'
            WHEN periods > 0 AND legacy_then > legacy_now THEN 'converging'
            ELSE 'not converging' END AS trend,
       CASE WHEN legacy_now = 0 THEN to_end
            WHEN periods_left IS NULL THEN NULL
            WHEN period_kind = 'week' THEN to_end + CAST(7 * periods_left AS INTEGER)
            WHEN period_kind = 'month'
              THEN CAST(date_trunc('month', to_end) + to_months(CAST(periods_left AS INTEGER) + 1) - INTERVAL 1 DAY AS DATE)
            WHEN days > 0 THEN to_date + CAST(ceil(periods_left * days / CAST(periods AS DOUBLE)) AS INTEGER)
       END AS projected_completion,
       window_opens
FROM rated;

-- A regression: a LEGACY or BROKEN site (imports included; status says which) present in a complete point of its
-- repository's series (a week, month, tag or commit: mart_snapshots.in_series) and absent, by site identity, from the
-- previous complete point of the same repository (mart_snapshots.prev_label: points that could not be read whole are
-- skipped, never compared). The first complete point of a repository has no regressions. week and period: the
-- point's label; previous_week: the previous point's.
-- Attribution (commit_id, author, author_time): the newest first-parent commit (by seq) in (previous snapshot,
-- this snapshot] -- committer dates after the previous snapshot's commit and up to this one's -- that changed the
-- site's path (attributed_by = 'change'); the snapshot's own commit only when the data set holds no such change
-- (attributed_by = 'snapshot': changes not listed for that window). The file's newest change of the period, not a
-- blame of the line: when several commits of the period touched the file, the last one is named.
-- Moves: a site of a file renamed or copied in the window (mart_snapshot_origins: chains of renames followed) is
-- identified at the file's origin path: with the same symbol, trimmed line text and occurrence there in the previous
-- snapshot it is not new, so a commit that only moves files adds no regressions. Broken sites (status 'broken': a
-- name that is not defined) are regressions as legacy sites are. Sites in files of the counted path classes only.
-- Only changed files: a file with the same content (blob) at the same path at the previous point has the same sites
-- with the same keys, so only files whose content changed, or that are new at their path, are compared; except a
-- content with compatibility-layer candidates (mart_blob_usages.via), whose sites and numbering depend on the commit.
CREATE OR REPLACE VIEW mart_regressions AS       -- grain: one row per new legacy or broken site per point of a repository's series
WITH pts AS (
  SELECT * FROM mart_snapshots WHERE in_series AND is_complete AND prev_label IS NOT NULL
), changed AS (   -- the files that can hold a new site: see "Only changed files" above (mart_snapshot_files' columns)
  SELECT c.repo_id, c.label, p.commit_id, c.is_head_snapshot, c.path, c.path_class, c.counted, c.blob_id, c.parser,
         p.prev_label
  FROM mart_file_sites c JOIN pts p ON p.repo_id = c.repo_id AND p.label = c.label
  LEFT JOIN mart_file_sites q      -- the same path at the previous point (one row at most: the grain)
    ON q.repo_id = c.repo_id AND q.label = p.prev_label AND q.path = c.path
  WHERE c.counted AND c.legacy_sites + c.broken_sites > 0
    AND (q.blob_id IS DISTINCT FROM c.blob_id
         OR c.blob_id IN (SELECT blob_id FROM mart_blob_usages WHERE via IS NOT NULL))
), prev_files AS (   -- those files, and the paths they were renamed or copied from, at the previous point, with
                    -- sites (the others have no site rows): mart_file_sites, not every snapshot's files
  SELECT q.repo_id, q.label, s.commit_id, q.is_head_snapshot, q.path, q.path_class, q.counted, q.blob_id, q.parser
  FROM mart_file_sites q JOIN mart_snapshots s ON s.repo_id = q.repo_id AND s.label = q.label
  WHERE (q.repo_id, q.label, q.path) IN (SELECT repo_id, prev_label, path FROM changed
                                         UNION ALL
                                         SELECT c.repo_id, c.prev_label, o.origin_path FROM changed c
                                         JOIN mart_snapshot_origins o
                                           ON o.repo_id = c.repo_id AND o.label = c.label AND o.path = c.path)
), prev AS (      -- the site keys of those files at the previous point
  SELECT q.repo_id, q.label,
         anyscope_site_key(q.path, u.symbol, u.source_line, coalesce(q.snapshot_occurrence, u.blob_occurrence)) AS site_key
  FROM anyscope_site_rows(prev_files) q
  JOIN mart_blob_usages u ON u.blob_id = q.blob_id AND u.fact_no = q.fact_no
), cur_files AS (
  SELECT * EXCLUDE (prev_label) FROM changed
), cur AS (      -- the legacy and broken sites of those files: the narrow rows first, their facts' columns in reg
  SELECT s.*      -- (read through mart_site_status, every legacy site's facts were joined before the files were chosen)
  FROM anyscope_site_rows(cur_files) s
  WHERE s.status IN ('legacy', 'broken') AND s.counted
), keys AS (    -- their identities, narrow: most of them were there at the previous point
  SELECT cur.repo_id, cur.label, cur.path, cur.blob_id, cur.fact_no, cur.tier, cur.is_import, cur.status,
         cur.path_class, s.prev_label AS previous_week,
         anyscope_site_key(cur.path, u.symbol, u.source_line, coalesce(cur.snapshot_occurrence, u.blob_occurrence)) AS site_key
  FROM cur JOIN mart_blob_usages u ON u.blob_id = cur.blob_id AND u.fact_no = cur.fact_no
  JOIN pts s ON s.repo_id = cur.repo_id AND s.label = cur.label
), new_keys AS (
  SELECT * FROM keys r
  WHERE NOT EXISTS (SELECT 1 FROM prev q
                    WHERE q.repo_id = r.repo_id AND q.label = r.previous_week AND q.site_key = r.site_key)
    AND NOT EXISTS (SELECT 1 FROM mart_snapshot_origins o JOIN prev q
                      ON q.repo_id = o.repo_id AND q.label = r.previous_week
                     AND q.site_key = o.origin_path || substr(r.site_key, length(r.path) + 1)
                    WHERE o.repo_id = r.repo_id AND o.label = r.label AND o.path = r.path)
), new AS (       -- the new sites with their facts' and points' columns
  SELECT k.repo_id, s.repo, s.team, k.label AS week, s.period_start, k.path, u.line, u.col,
         u.library, u.symbol, u.category, k.tier, k.is_import, anyscope_function(u.scope) AS function,
         k.status, k.path_class,
         trim(u.source_line) AS source_line, s.commit_id AS snapshot_commit_id, s.author AS snapshot_author,
         s.author_time AS snapshot_author_time, s.commit_time AS snapshot_commit_time,
         k.previous_week, s.prev_commit_time AS previous_commit_time,
         s.kind AS period_kind, s.point_time, s.point_seq, k.site_key
  FROM new_keys k JOIN mart_blob_usages u ON u.blob_id = k.blob_id AND u.fact_no = k.fact_no
  JOIN pts s ON s.repo_id = k.repo_id AND s.label = k.label
)
SELECT reg.repo_id, reg.repo, reg.team, reg.week, reg.period_start, reg.path, reg.line, reg.col, reg.library,
       reg.symbol, reg.category, reg.tier, reg.is_import, reg.function, reg.source_line,
       coalesce(a.commit_id, reg.snapshot_commit_id) AS commit_id,
       CASE WHEN a.commit_id IS NULL THEN reg.snapshot_author ELSE a.author END AS author,
       CASE WHEN a.commit_id IS NULL THEN reg.snapshot_author_time ELSE a.author_time END AS author_time,
       CASE WHEN a.commit_id IS NULL THEN 'snapshot' ELSE 'change' END AS attributed_by,
       reg.snapshot_commit_id, reg.snapshot_author, reg.previous_week, reg.status,
       reg.week AS period, reg.period_kind, reg.point_time, reg.point_seq, reg.path_class
FROM new reg LEFT JOIN mart_point_last_change a
  ON a.repo_id = reg.repo_id AND a.label = reg.week AND a.path = reg.path;
