-- Complaints received in [start, end], for a backfill.
CREATE OR REPLACE TEMP TABLE _mart_changed AS
SELECT source, record_id, CAST(received_at AS DATE) AS day
FROM complaints
WHERE received_at >= $start AND received_at < $end + INTERVAL 1 DAY;
