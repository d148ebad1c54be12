-- Per district × street × first-level category: 三率 inputs over the inclusive days [start, end]
-- and the complaints of the comparison window [ly_start, ly_end] (the same days last year,
-- wholly before start). The pages sum these cells into district, street and category rankings.
SELECT district,
       street,
       category_l1,
       coalesce(sum(complaints) FILTER (WHERE day >= CAST($start AS DATE)), 0)::BIGINT      AS complaints,
       coalesce(sum(responded) FILTER (WHERE day >= CAST($start AS DATE)), 0)::BIGINT       AS responded,
       coalesce(sum(resolved) FILTER (WHERE day >= CAST($start AS DATE)), 0)::BIGINT        AS resolved,
       coalesce(sum(resolved_rated) FILTER (WHERE day >= CAST($start AS DATE)), 0)::BIGINT  AS resolved_rated,
       coalesce(sum(satisfied) FILTER (WHERE day >= CAST($start AS DATE)), 0)::BIGINT       AS satisfied,
       coalesce(sum(satisfied_rated) FILTER (WHERE day >= CAST($start AS DATE)), 0)::BIGINT AS satisfied_rated,
       coalesce(sum(complaints) FILTER (WHERE day <= CAST($ly_end AS DATE)), 0)::BIGINT     AS complaints_last_year
FROM daily_counts
WHERE day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
   OR day BETWEEN CAST($ly_start AS DATE) AND CAST($ly_end AS DATE)
GROUP BY district, street, category_l1
ORDER BY district, street, category_l1;
