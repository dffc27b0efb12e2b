-- blobs.usages equals the number of usage rows of the blob (summed over the blob's parsers).
WITH b AS (SELECT blob_id, sum(usages) AS declared FROM stg_blobs GROUP BY blob_id),
     u AS (SELECT blob_id, count(*) AS actual FROM stg_usages GROUP BY blob_id)
SELECT b.blob_id, b.declared, coalesce(u.actual, 0) AS actual FROM b LEFT JOIN u USING (blob_id)
WHERE b.declared <> coalesce(u.actual, 0);
