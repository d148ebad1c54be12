-- The expectation results of one validation run, failures first.
SELECT suite, expectation, coalesce(column_name, '') AS column_name, success,
       coalesce(observed, '') AS observed, severity, checked_at
FROM validation_results
WHERE run_id = $run_id
ORDER BY success, severity, suite, expectation, column_name;
