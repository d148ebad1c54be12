-- The newest complaints of one district received in the inclusive days [start, end] and not
-- (yet) marked resolved, for reading. Text is cut to $max_chars; the caller hash never leaves.
SELECT received_at,
       coalesce(street, '')       AS street,
       coalesce(category_l1, '')  AS category_l1,
       coalesce(category_l2, '')  AS category_l2,
       coalesce(appeal_type, '')  AS appeal_type,
       coalesce(status, '')       AS status,
       left(content, $max_chars)  AS content
FROM complaints
WHERE district = CAST($district AS VARCHAR)
  AND received_at >= CAST($start AS DATE)
  AND received_at < CAST($end AS DATE) + INTERVAL 1 DAY
  AND resolved IS NOT TRUE
ORDER BY received_at DESC, record_id
LIMIT $limit;
