-- Every day of [start, end], for a backfill (empty days must be cleared too).
CREATE OR REPLACE TEMP TABLE _mart_days AS
SELECT CAST(d AS DATE) AS day FROM generate_series($start, $end, INTERVAL 1 DAY) AS g(d);
