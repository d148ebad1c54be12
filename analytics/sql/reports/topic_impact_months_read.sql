-- The monthly series of one topic's impact on one night.
SELECT month, phase, complaints, expected, expected_lo, expected_hi
FROM topic_impact_months
WHERE as_of = CAST($as_of AS DATE) AND theme_id = CAST($theme_id AS VARCHAR)
ORDER BY month;
