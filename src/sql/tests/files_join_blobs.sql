-- Every file row's (blob_id, parser) is summarised in blobs.
SELECT f.repo_id, f.commit_id, f.path, f.blob_id FROM stg_files f
WHERE NOT EXISTS (SELECT 1 FROM stg_blobs b WHERE b.blob_id = f.blob_id AND b.parser = f.parser);
