-- The newest forecast run (NULL when there is none).
SELECT run_id FROM forecasts ORDER BY created_at DESC, run_id DESC LIMIT 1;
