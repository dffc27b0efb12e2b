-- Every configuration fact belongs to a blob.
SELECT c.blob_id, c.name FROM stg_config_facts c
WHERE NOT EXISTS (SELECT 1 FROM stg_blobs b WHERE b.blob_id = c.blob_id);
