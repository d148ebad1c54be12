-- _mart_changed: complaints received in [start, end]; _mart_days: every day of the range, for
-- a backfill (empty days must be cleared too).
CREATE OR REPLACE TEMP TABLE _mart_changed AS
SELECT source, record_id, CAST(received_at AS DATE) AS day
FROM complaints
WHERE received_at >= $start AND received_at < $end + INTERVAL 1 DAY;

CREATE OR REPLACE TEMP TABLE _mart_days AS
SELECT CAST(d AS DATE) AS day FROM generate_series($start, $end, INTERVAL 1 DAY) AS g(d);
