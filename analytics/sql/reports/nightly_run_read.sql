-- The newest nightly run recorded for the date as_of, if any.
SELECT run_id, as_of, finished_at, files, files_failed, rows_new, rows_quarantined, status,
       coalesce(reason, '') AS reason
FROM nightly_runs
WHERE as_of = CAST($as_of AS DATE)
ORDER BY finished_at DESC
LIMIT 1;
