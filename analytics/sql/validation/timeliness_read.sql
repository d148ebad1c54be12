-- One row: freshness (newest received_at vs as_of) and volume (volume_day's count vs the
-- median of the same weekday over the trailing weeks, from the daily_counts mart).
WITH per_day AS (
    SELECT day, sum(complaints) AS n
    FROM daily_counts
    WHERE day BETWEEN CAST($volume_day AS DATE) - INTERVAL ($weeks * 7) DAY AND $volume_day
    GROUP BY day
),
baseline AS (
    SELECT median(n) AS median_count, count(*) AS weeks_seen
    FROM per_day
    WHERE day < $volume_day AND dayofweek(day) = dayofweek(CAST($volume_day AS DATE))
),
newest AS (SELECT max(received_at) AS newest_received_at FROM complaints)
SELECT
    CAST($as_of AS DATE)                                              AS as_of,
    newest_received_at,
    date_diff('day', CAST(newest_received_at AS DATE), CAST($as_of AS DATE)) AS days_since_newest,
    CAST($volume_day AS DATE)                                         AS volume_day,
    coalesce((SELECT n FROM per_day WHERE day = $volume_day), 0)      AS volume_count,
    median_count                                                      AS volume_baseline,
    weeks_seen                                                        AS volume_weeks_seen,
    CASE WHEN weeks_seen >= $min_weeks AND median_count > 0
         THEN coalesce((SELECT n FROM per_day WHERE day = $volume_day), 0) / median_count
    END                                                               AS volume_ratio
FROM newest, baseline;
