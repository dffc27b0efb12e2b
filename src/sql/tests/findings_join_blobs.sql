-- Every finding belongs to a blob that was extracted (status ok), and names a line of it.
SELECT x.blob_id, x.rule_id, x.line FROM stg_findings x
WHERE NOT EXISTS (SELECT 1 FROM stg_blobs b WHERE b.blob_id = x.blob_id AND b.status = 'ok')
   OR x.line < 0 OR x.end_line < x.line;
