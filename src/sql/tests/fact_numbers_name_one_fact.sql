-- (blob_id, fact_no) names one usage fact (mart_blob_usages): facts that tie on the columns fact_no is ordered by are
-- whole duplicates, so the per-snapshot marts that name facts by number join back to the same columns whichever
-- duplicate got which number. Returns each tie that differs in another column.
SELECT blob_id, line, col, kind, symbol, library, via, via_name, count(DISTINCT u) AS variants
FROM (SELECT * EXCLUDE (fact_no, blob_occurrence) FROM stg_usages) u   -- the numbers stored tell duplicates apart
GROUP BY ALL
HAVING count(DISTINCT u) > 1;
