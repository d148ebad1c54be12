-- The monthly series of every topic impact measured on one night.
SELECT theme_id, month, phase, complaints, expected, expected_lo, expected_hi
FROM topic_impact_months
WHERE as_of = CAST($as_of AS DATE)
ORDER BY theme_id, month;
