-- One night's street risk rows from the registered frame _street_risk_rows.
INSERT INTO street_risk BY NAME
SELECT CAST($as_of AS DATE) AS as_of, CAST($month AS DATE) AS month, $run_id AS run_id, *
FROM _street_risk_rows;
