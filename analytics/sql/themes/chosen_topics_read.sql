-- Every 每月一题 decision so far.
SELECT month, theme_id, label, partition, note, chosen_at
FROM chosen_topics
ORDER BY month, theme_id;
