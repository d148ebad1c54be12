-- One series of a forecast run, with its 80% interval.
SELECT ds AS day, yhat, lo80, hi80
FROM forecasts
WHERE run_id = $run_id AND unique_id = $unique_id
ORDER BY ds;
