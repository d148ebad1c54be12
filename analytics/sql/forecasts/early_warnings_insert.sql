-- The early warnings of one run, from the registered frame _forecast_warning_rows (NaN ratio → NULL).
INSERT INTO early_warnings
SELECT $run_id, CAST($as_of AS DATE), unique_id, model, window_days, basis,
       CAST(period_start AS DATE), CAST(period_end AS DATE), forecast, lower, baseline, excess,
       CASE WHEN isnan(ratio) THEN NULL ELSE ratio END
FROM _forecast_warning_rows;
