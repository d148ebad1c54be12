-- Daily complaints per district × category_l1: the bottom of the forecast hierarchy.
-- Bounds are inclusive days; NULL means open. '' stands for a missing category.
SELECT CAST(received_at AS DATE)   AS day,
       district,
       coalesce(category_l1, '')   AS category_l1,
       count(*)                    AS complaints
FROM complaints
WHERE (CAST($start AS DATE) IS NULL OR received_at >= CAST($start AS DATE))
  AND (CAST($end AS DATE) IS NULL OR received_at < CAST($end AS DATE) + INTERVAL 1 DAY)
  AND (CAST($source AS VARCHAR) IS NULL OR source = CAST($source AS VARCHAR))
GROUP BY ALL
ORDER BY day, district, category_l1;
