-- Daily 三率 inputs per district over the inclusive days [start, end]; days without complaints
-- have no row (the pages zero-fill them and sum the districts for the city).
SELECT day,
       district,
       sum(complaints)::BIGINT      AS complaints,
       sum(responded)::BIGINT       AS responded,
       sum(resolved)::BIGINT        AS resolved,
       sum(resolved_rated)::BIGINT  AS resolved_rated,
       sum(satisfied)::BIGINT       AS satisfied,
       sum(satisfied_rated)::BIGINT AS satisfied_rated
FROM daily_counts
WHERE day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
GROUP BY day, district
ORDER BY day, district;
