-- _mart_changed: complaints written by batches after the mart's watermark, with the day they
-- now fall on; _mart_days: the days to recompute — where they fall now, and where they were
-- counted before.
CREATE OR REPLACE TEMP TABLE _mart_changed AS
SELECT source, record_id, CAST(received_at AS DATE) AS day
FROM complaints
WHERE batch_id > $after_batch_id AND batch_id <= $upto_batch_id;

CREATE OR REPLACE TEMP TABLE _mart_days AS
SELECT DISTINCT day FROM (
    SELECT day FROM _mart_changed
    UNION ALL
    SELECT r.day FROM mart_record_days r JOIN _mart_changed c USING (source, record_id)
);
