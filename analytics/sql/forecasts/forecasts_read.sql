SELECT unique_id, ds, model, yhat, lo80, hi80, lo95, hi95
FROM forecasts WHERE run_id = $run_id
ORDER BY unique_id, ds;
