-- One night's chosen-topic impacts (measured or skipped), oldest start first.
SELECT *
FROM topic_impacts
WHERE as_of = CAST($as_of AS DATE)
ORDER BY start, theme_id;
