-- The days the daily_counts mart covers, and how far its watermark trails the newest batch.
SELECT
    (SELECT min(day) FROM daily_counts)                                        AS first_day,
    (SELECT max(day) FROM daily_counts)                                        AS last_day,
    coalesce((SELECT last_batch_id FROM mart_watermarks WHERE mart = 'daily_counts'), 0)
                                                                               AS mart_batch_id,
    coalesce((SELECT max(batch_id) FROM ingest_batches WHERE status = 'ok'), 0) AS newest_batch_id;
