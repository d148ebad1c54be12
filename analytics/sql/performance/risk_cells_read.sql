-- Street-risk cells of complaints received in [$start, $end): per district × street × issue ×
-- month the rated, resolved and satisfied counts and the repeated requests — the rules of
-- analytics.performance.risk.risk_cells in SQL, so a year of records never leaves DuckDB (a test
-- holds the two equal).
-- Issue: 'theme:<id>' where complaint_themes has one, else category_l3, else category_l2.
-- Repeat: same caller and repeat issue (theme, else category_l2) within $repeat_days days of
-- an earlier request in the range.
WITH keyed AS (
    SELECT c.source, c.record_id, c.received_at, c.district, c.street, c.caller_hash,
           c.closed_at IS NOT NULL AS closed, c.resolved, c.satisfied,
           coalesce('theme:' || t.theme_id, c.category_l3, c.category_l2) AS issue,
           coalesce('theme:' || t.theme_id, c.category_l2) AS repeat_issue
    FROM complaints c
    LEFT JOIN complaint_themes t ON t.source = c.source AND t.record_id = c.record_id
    WHERE c.received_at >= $start AND c.received_at < $end
), flagged AS (
    SELECT *,
           coalesce(caller_hash IS NOT NULL AND repeat_issue IS NOT NULL
                    AND epoch_us(received_at) - epoch_us(lag(received_at) OVER (
                        PARTITION BY caller_hash, repeat_issue
                        ORDER BY received_at, source, record_id))
                        <= $repeat_days * 86400000000, false) AS is_repeat
    FROM keyed
)
SELECT district, street, issue, date_trunc('month', received_at)::DATE AS month,
       count(*) AS complaints,
       count(*) FILTER (WHERE closed AND resolved IS NOT NULL) AS resolution_rated,
       count(*) FILTER (WHERE closed AND resolved) AS resolved_n,
       count(*) FILTER (WHERE closed AND satisfied IS NOT NULL) AS satisfaction_rated,
       count(*) FILTER (WHERE closed AND satisfied) AS satisfied_n,
       count(*) FILTER (WHERE is_repeat) AS repeats
FROM flagged
GROUP BY ALL;
