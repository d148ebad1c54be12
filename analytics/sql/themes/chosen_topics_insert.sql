-- Record (or re-record) a theme as the 每月一题 topic of a month.
INSERT OR REPLACE INTO chosen_topics
SELECT $month, theme_id, label, partition, $note, $chosen_at
FROM themes
WHERE theme_id = $theme_id;
