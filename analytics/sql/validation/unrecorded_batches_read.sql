-- Batches loaded after the latest recorded night: what a night that died before recording itself
-- loaded (and archived), so its rerun recomputes from what is stored instead of finding "no files".
SELECT batch_id
FROM ingest_batches
WHERE status = 'ok'
  AND finished_at > coalesce((SELECT max(finished_at) FROM nightly_runs), TIMESTAMP '1970-01-01')
ORDER BY batch_id;
