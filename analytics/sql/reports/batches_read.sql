-- The newest ingest batches (the data-quality table of the nightly overview).
SELECT batch_id, file_name, profile, source, status, rows_read, rows_loaded, rows_updated,
       rows_duplicate, rows_quarantined, started_at, coalesce(message, '') AS message
FROM ingest_batches
ORDER BY batch_id DESC
LIMIT $limit;
