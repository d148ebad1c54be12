-- The backtest metrics of one run, from the registered frame _forecast_metric_rows (NaN → NULL).
INSERT INTO forecast_metrics
SELECT $run_id, unique_id, model, fold, metric, CASE WHEN isnan(value) THEN NULL ELSE value END
FROM _forecast_metric_rows;
