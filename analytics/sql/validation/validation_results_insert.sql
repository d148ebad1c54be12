INSERT INTO validation_results
SELECT run_id, suite, expectation, column_name, success, observed, severity, checked_at
FROM _validation_outcomes;
