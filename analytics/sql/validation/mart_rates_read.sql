-- 三率 per mart cell for the given days; a rate is NULL where its denominator is 0.
SELECT
    day, source, district, street, category_l1, category_l2, complaints,
    responded / nullif(complaints, 0)        AS response_rate,
    closed / nullif(complaints, 0)           AS closure_rate,
    resolved / nullif(resolved_rated, 0)     AS resolution_rate,
    satisfied / nullif(satisfied_rated, 0)   AS satisfaction_rate
FROM daily_counts
WHERE day IN (SELECT unnest($days));
