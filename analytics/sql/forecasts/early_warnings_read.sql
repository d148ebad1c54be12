-- The early warnings of one run, largest excess first.
SELECT unique_id, model, window_days, basis, period_start, period_end, forecast, lower, baseline,
       excess, ratio
FROM early_warnings WHERE run_id = $run_id
ORDER BY excess DESC, unique_id, window_days, basis;
