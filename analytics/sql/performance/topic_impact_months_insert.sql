-- The monthly series of one night's topic impacts from the registered frame _topic_impact_month_rows.
INSERT INTO topic_impact_months BY NAME
SELECT CAST($as_of AS DATE) AS as_of, *
FROM _topic_impact_month_rows;
