-- Every unbound fact (a library name used without an import) is a broken site, and no patch fact is a site.
-- Returns the facts whose status says otherwise.
SELECT repo, label, path, line, col, kind, symbol, status
FROM mart_site_status
WHERE (kind = 'unbound' AND status <> 'broken') OR kind = 'patch';
