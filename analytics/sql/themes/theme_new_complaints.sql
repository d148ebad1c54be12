-- Complaints loaded or updated after the watermark, with the category used as theme partition.
SELECT source, record_id, received_at, coalesce(category_l1, '') AS partition, content
FROM complaints
WHERE batch_id > $after_batch_id AND batch_id <= $upto_batch_id
ORDER BY received_at, source, record_id;
