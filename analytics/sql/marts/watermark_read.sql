-- The mart's last absorbed batch and the newest batch in the warehouse.
SELECT
    coalesce((SELECT last_batch_id FROM mart_watermarks WHERE mart = $mart), 0) AS after_batch_id,
    coalesce((SELECT max(batch_id) FROM ingest_batches), 0)                   AS upto_batch_id;
