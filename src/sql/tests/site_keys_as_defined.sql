-- site_key's occurrence is the number of its (path, symbol, trimmed line) in its file at its snapshot, ordered by
-- line, column and kind (conventions, 22_usages.sql). mart_site_status takes it from the blob where it can; this
-- computes it per snapshot, the definition, and returns every site whose key differs.
SELECT repo_id, label, path, line, col, kind, symbol, site_key, expected
FROM (SELECT *, path || chr(31) || symbol || chr(31) || trim(source_line) || chr(31) ||
                CAST(row_number() OVER (PARTITION BY repo_id, label, path, symbol, trim(source_line)
                                        ORDER BY line, col, kind) AS VARCHAR) AS expected
      FROM mart_site_status)
WHERE site_key IS DISTINCT FROM expected;
