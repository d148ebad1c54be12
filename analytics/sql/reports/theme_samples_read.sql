-- The newest $limit complaints of each of the given themes received before $before, text cut to
-- $max_chars; never the caller hash.
WITH newest AS (
    SELECT t.theme_id, c.source, c.record_id
    FROM complaint_themes t
    JOIN complaints c ON c.source = t.source AND c.record_id = t.record_id
    WHERE list_contains(CAST($theme_ids AS VARCHAR[]), t.theme_id)
      AND c.received_at < CAST($before AS DATE)
    QUALIFY row_number() OVER (PARTITION BY t.theme_id ORDER BY c.received_at DESC, c.record_id) <= $limit
)
SELECT n.theme_id,
       c.received_at,
       c.district,
       coalesce(c.street, '')      AS street,
       coalesce(c.category_l1, '') AS category_l1,
       left(c.content, $max_chars) AS content
FROM newest n
JOIN complaints c ON c.source = n.source AND c.record_id = n.record_id
ORDER BY n.theme_id, c.received_at DESC, c.record_id;
