-- The newest $limit complaints of each district received in the inclusive days [start, end] and
-- not (yet) marked resolved, for reading. Text is cut to $max_chars; the caller hash never leaves.
WITH newest AS (
    SELECT source, record_id
    FROM complaints
    WHERE received_at >= CAST($start AS DATE)
      AND received_at < CAST($end AS DATE) + INTERVAL 1 DAY
      AND resolved IS NOT TRUE
    QUALIFY row_number() OVER (PARTITION BY district ORDER BY received_at DESC, record_id) <= $limit
)
SELECT c.district,
       c.received_at,
       coalesce(c.street, '')       AS street,
       coalesce(c.category_l1, '')  AS category_l1,
       coalesce(c.category_l2, '')  AS category_l2,
       coalesce(c.appeal_type, '')  AS appeal_type,
       coalesce(c.status, '')       AS status,
       left(c.content, $max_chars)  AS content
FROM newest n
JOIN complaints c ON c.source = n.source AND c.record_id = n.record_id
ORDER BY c.district, c.received_at DESC, c.record_id;
