-- The daily forecasts of one run in the common forecast frame; one series when unique_id is set.
SELECT unique_id, ds, model, yhat, lo80, hi80, lo95, hi95
FROM forecasts
WHERE run_id = $run_id
  AND (CAST($unique_id AS VARCHAR) IS NULL OR unique_id = CAST($unique_id AS VARCHAR))
ORDER BY unique_id, ds;
