-- The daily forecasts of one run, from the registered frame _forecast_rows.
INSERT INTO forecasts
SELECT $run_id, CAST($as_of AS DATE), unique_id, model, CAST(ds AS DATE), yhat, lo80, hi80, lo95, hi95,
       CAST($created_at AS TIMESTAMP)
FROM _forecast_rows;
