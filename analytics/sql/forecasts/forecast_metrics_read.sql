-- The backtest metrics of one run.
SELECT unique_id, model, fold, metric, value
FROM forecast_metrics WHERE run_id = $run_id
ORDER BY unique_id, model, fold, metric;
