-- Weekly snapshots of a repository are contiguous: each starts 7 days after the previous one, on a Monday,
-- and ends 6 days after it starts.
SELECT repo_id, label, period_start, prev_start FROM (
  SELECT repo_id, label, period_start, period_end,
         lag(period_start) OVER (PARTITION BY repo_id ORDER BY period_start) AS prev_start
  FROM stg_snapshots WHERE kind = 'week')
WHERE (prev_start IS NOT NULL AND period_start - prev_start <> 7)
   OR isodow(period_start) <> 1 OR period_end - period_start <> 6;
