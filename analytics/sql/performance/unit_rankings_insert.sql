-- One night's rankings of every level from the registered frame _unit_ranking_rows.
INSERT INTO unit_rankings BY NAME
SELECT CAST($as_of AS DATE) AS as_of, CAST($month AS DATE) AS month, $run_id AS run_id, *
FROM _unit_ranking_rows;
