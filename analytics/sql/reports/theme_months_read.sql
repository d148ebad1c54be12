-- Complaints of one theme per month, up to (not including) $before.
SELECT CAST(date_trunc('month', c.received_at) AS DATE) AS month, count(*)::BIGINT AS complaints
FROM complaint_themes t
JOIN complaints c ON c.source = t.source AND c.record_id = t.record_id
WHERE CAST(t.theme_id AS VARCHAR) = CAST($theme_id AS VARCHAR)
  AND c.received_at < CAST($before AS DATE)
GROUP BY ALL
ORDER BY month;
