-- The last successful batch of the same bytes under the same profile, if any.
SELECT batch_id, file_name, rows_read
FROM ingest_batches
WHERE sha256 = $sha256 AND profile = $profile AND status = 'ok'
ORDER BY batch_id DESC
LIMIT 1;
