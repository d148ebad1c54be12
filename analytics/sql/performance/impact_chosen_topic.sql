-- The first month a theme was chosen as 每月一题 (schema v4 chosen_topics): the treatment start.
SELECT month, theme_id::VARCHAR AS theme_id, label
FROM chosen_topics
WHERE theme_id::VARCHAR = $theme_id
ORDER BY month
LIMIT 1;
