-- Per theme and month in [$start, $end): volume, spread and the difficulty inputs.
-- A repeat is a complaint whose caller raised the same theme within the previous 30 days.
WITH assigned AS (
    SELECT ct.theme_id, c.received_at, c.district, c.street, c.resolved, c.satisfied,
           c.closed_at, c.caller_hash, coalesce(len(c.handling_units), 0) AS units
    FROM complaint_themes ct
    JOIN complaints c USING (source, record_id)
    WHERE c.received_at >= $start AND c.received_at < $end
),
flagged AS (
    SELECT *,
           caller_hash IS NOT NULL
           AND lag(received_at) OVER (PARTITION BY theme_id, caller_hash ORDER BY received_at)
               >= received_at - INTERVAL 30 DAY AS is_repeat
    FROM assigned
)
SELECT theme_id,
       date_trunc('month', received_at)::DATE AS month,
       count(*) AS n,
       count(DISTINCT street) AS streets,
       count(DISTINCT district) AS districts,
       avg(resolved::INTEGER) AS resolved_rate,
       avg(satisfied::INTEGER) AS satisfied_rate,
       median(date_diff('minute', received_at, closed_at) / 60.0) AS close_hours,
       avg(coalesce(is_repeat, FALSE)::INTEGER) AS repeat_share,
       avg((units > 1)::INTEGER) AS cross_department_share
FROM flagged
GROUP BY ALL
ORDER BY theme_id, month;
