SELECT batch_id, file_name, profile, status, rows_read, rows_loaded, rows_updated,
       rows_duplicate, rows_quarantined,
       strftime(started_at, '%Y-%m-%d %H:%M') AS started
FROM ingest_batches
ORDER BY batch_id DESC
LIMIT $limit;
