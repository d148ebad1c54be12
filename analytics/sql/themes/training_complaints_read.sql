-- Labelled history for the category classifier, newest first; derived labels never train.
SELECT content, category_l1, category_l2, received_at
FROM complaints
WHERE category_l1 IS NOT NULL AND NOT category_derived
ORDER BY received_at DESC, source, record_id
LIMIT $limit;
