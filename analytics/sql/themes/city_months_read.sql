-- All complaints per month in [$start, $end): the baselines the difficulty is measured against.
SELECT date_trunc('month', received_at)::DATE AS month,
       count(*) AS total,
       avg(resolved::INTEGER) AS resolved_rate,
       avg(satisfied::INTEGER) AS satisfied_rate,
       median(date_diff('minute', received_at, closed_at) / 60.0) AS close_hours
FROM complaints
WHERE received_at >= $start AND received_at < $end
GROUP BY ALL
ORDER BY month;
