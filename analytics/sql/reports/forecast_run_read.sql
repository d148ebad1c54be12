-- The newest forecast run made on or before as_of, if any.
SELECT run_id, as_of
FROM forecasts
WHERE as_of <= CAST($as_of AS DATE)
ORDER BY as_of DESC, created_at DESC, run_id DESC
LIMIT 1;
