-- Complaints of the batches after the watermark that have no category of their own.
SELECT source, record_id, content
FROM complaints
WHERE batch_id > $after_batch_id AND batch_id <= $upto_batch_id
  AND (category_l1 IS NULL OR category_derived)
ORDER BY source, record_id;
