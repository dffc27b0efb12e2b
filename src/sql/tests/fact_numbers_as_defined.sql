-- The fact numbers the scan stores (usages.fact_no, usages.blob_occurrence; FactNumbers) are those mart_blob_usages
-- defines by its windows (anyscope_fact_numbers). Facts that tie on a window's order may take each other's numbers,
-- so the numbers are compared per group of tied facts, as sorted lists. Returns each group whose stored numbers
-- differ from the definition's (data sets written before the columns store none: nothing to compare).
WITH stored AS (
  SELECT * RENAME (defined_fact_no AS expected_fact_no, defined_occurrence AS expected_occurrence)
  FROM anyscope_fact_numbers(true)
)
SELECT blob_id, line, col, kind, symbol, library, via, via_name, trim(source_line) AS source_line,
       list_sort(list(fact_no)) AS fact_nos, list_sort(list(expected_fact_no)) AS expected_fact_nos,
       list_sort(list(blob_occurrence)) AS occurrences, list_sort(list(expected_occurrence)) AS expected_occurrences
FROM stored
GROUP BY ALL
HAVING list_sort(list(fact_no)) IS DISTINCT FROM list_sort(list(expected_fact_no))
    OR list_sort(list(blob_occurrence)) IS DISTINCT FROM list_sort(list(expected_occurrence));
