-- Daily 三率 inputs over the inclusive days [start, end], for the city or one district
-- ($district NULL); days without complaints have no row.
SELECT day,
       sum(complaints)::BIGINT      AS complaints,
       sum(responded)::BIGINT       AS responded,
       sum(resolved)::BIGINT        AS resolved,
       sum(resolved_rated)::BIGINT  AS resolved_rated,
       sum(satisfied)::BIGINT       AS satisfied,
       sum(satisfied_rated)::BIGINT AS satisfied_rated
FROM daily_counts
WHERE day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
  AND (CAST($district AS VARCHAR) IS NULL OR district = CAST($district AS VARCHAR))
GROUP BY day
ORDER BY day;
