-- A site is (repository, snapshot, path, line, column): the facts starting there must agree on one effort tier
-- (issue 13: `asyncio.get_event_loop().time()` carried 'manual' and 'mechanical'). Returns sites with two or more.
SELECT repo, label, path, line, col, list(DISTINCT tier ORDER BY tier) AS tiers, list(symbol ORDER BY symbol) AS symbols
FROM mart_site_status
GROUP BY repo_id, repo, label, path, line, col
HAVING count(DISTINCT tier) > 1;
