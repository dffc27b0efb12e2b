-- Every usage fact belongs to a blob.
SELECT u.blob_id, u.line, u.symbol FROM stg_usages u
WHERE NOT EXISTS (SELECT 1 FROM stg_blobs b WHERE b.blob_id = u.blob_id);
