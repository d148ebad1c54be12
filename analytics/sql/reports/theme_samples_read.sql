-- The newest complaints of one theme received before $before, cut to $max_chars; never the
-- caller hash.
SELECT c.received_at, c.district, coalesce(c.street, '') AS street,
       coalesce(c.category_l1, '') AS category_l1, left(c.content, $max_chars) AS content
FROM complaint_themes t
JOIN complaints c ON c.source = t.source AND c.record_id = t.record_id
WHERE CAST(t.theme_id AS VARCHAR) = CAST($theme_id AS VARCHAR)
  AND c.received_at < CAST($before AS DATE)
ORDER BY c.received_at DESC, c.record_id
LIMIT $limit;
