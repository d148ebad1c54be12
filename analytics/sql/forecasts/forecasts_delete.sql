-- Forget one forecast run, so re-writing a run id replaces it.
DELETE FROM forecasts WHERE run_id = $run_id;
DELETE FROM forecast_metrics WHERE run_id = $run_id;
DELETE FROM early_warnings WHERE run_id = $run_id;
