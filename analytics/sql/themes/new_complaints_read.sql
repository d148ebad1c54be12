-- Complaints loaded or updated in batches ($after_batch_id, $upto_batch_id], with their own
-- category when they have one (needs_category: none, or one the classifier derived).
SELECT source, record_id, received_at, category_l1, category_l1 IS NULL OR category_derived AS needs_category,
       content
FROM complaints
WHERE batch_id > $after_batch_id AND batch_id <= $upto_batch_id
ORDER BY received_at, source, record_id;
