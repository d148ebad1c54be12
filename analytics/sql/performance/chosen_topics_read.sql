-- Each chosen 每月一题 theme (schema v4 chosen_topics) with the first month it was chosen, its
-- treatment start, and the label it was chosen under then (the theme id when it had none).
SELECT theme_id::VARCHAR AS theme_id, min(month) AS start,
       arg_min(coalesce(label, theme_id::VARCHAR), month) AS label
FROM chosen_topics
GROUP BY theme_id
ORDER BY start, theme_id;
