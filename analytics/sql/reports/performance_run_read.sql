-- The newest night on or before as_of whose 三率 / risk / impact step ran (schema v5).
SELECT as_of, run_id, month, data_through, computed_at, districts, streets, units, watch_list,
       impacts, impacts_skipped
FROM performance_runs
WHERE as_of <= CAST($as_of AS DATE)
ORDER BY as_of DESC
LIMIT 1;
