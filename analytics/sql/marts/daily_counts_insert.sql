-- Recompute the touched days; the range predicate lets DuckDB skip row groups by zone map.
INSERT INTO daily_counts
SELECT
    CAST(received_at AS DATE)                 AS day,
    source,
    district,
    coalesce(street, '')                      AS street,
    coalesce(category_l1, '')                 AS category_l1,
    coalesce(category_l2, '')                 AS category_l2,
    count(*)                                  AS complaints,
    count(responded_at)                       AS responded,
    count(closed_at)                          AS closed,
    count(*) FILTER (WHERE resolved)          AS resolved,
    count(resolved)                           AS resolved_rated,
    count(*) FILTER (WHERE satisfied)         AS satisfied,
    count(satisfied)                          AS satisfied_rated
FROM complaints
WHERE received_at >= (SELECT min(day) FROM _mart_days)
  AND received_at < (SELECT max(day) FROM _mart_days) + INTERVAL 1 DAY
  AND CAST(received_at AS DATE) IN (SELECT day FROM _mart_days)
GROUP BY ALL;
