-- Complaints of each of the given themes per month, up to (not including) $before.
SELECT t.theme_id,
       CAST(date_trunc('month', c.received_at) AS DATE) AS month,
       count(*)::BIGINT                                 AS complaints
FROM complaint_themes t
JOIN complaints c ON c.source = t.source AND c.record_id = t.record_id
WHERE list_contains(CAST($theme_ids AS VARCHAR[]), t.theme_id)
  AND c.received_at < CAST($before AS DATE)
GROUP BY ALL
ORDER BY t.theme_id, month;
