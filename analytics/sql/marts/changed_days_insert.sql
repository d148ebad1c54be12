-- Complaints written by batches after the mart's watermark, with the day they now fall on.
CREATE OR REPLACE TEMP TABLE _mart_changed AS
SELECT source, record_id, CAST(received_at AS DATE) AS day
FROM complaints
WHERE batch_id > $after_batch_id AND batch_id <= $upto_batch_id;
