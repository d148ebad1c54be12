-- The validation run of the night as_of: the nightly run recorded for that date, else the
-- newest run checked on or before it, else none.
SELECT coalesce(
    (SELECT run_id FROM nightly_runs WHERE as_of = CAST($as_of AS DATE)
       AND run_id IN (SELECT run_id FROM validation_results)
     ORDER BY finished_at DESC LIMIT 1),
    (SELECT run_id FROM validation_results
     WHERE checked_at < CAST($as_of AS DATE) + INTERVAL 1 DAY
     ORDER BY checked_at DESC LIMIT 1)) AS run_id;
