UPDATE ingest_batches SET
    finished_at = $finished_at, status = $status, rows_read = $rows_read,
    rows_loaded = $rows_loaded, rows_updated = $rows_updated,
    rows_duplicate = $rows_duplicate, rows_quarantined = $rows_quarantined, message = $message
WHERE batch_id = $batch_id;
