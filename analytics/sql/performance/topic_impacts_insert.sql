-- One night's topic impacts from the registered frame _topic_impact_rows.
INSERT INTO topic_impacts BY NAME
SELECT CAST($as_of AS DATE) AS as_of, $run_id AS run_id, *
FROM _topic_impact_rows;
