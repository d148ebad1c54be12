-- Stored bursts of the latest refresh on or before $as_of in the $weeks weeks up to it:
-- theme label, place, week, distinct callers (observed) against expected, and the complaints
-- behind them (themes only; a category burst has NULL complaints).
WITH night AS (
    SELECT max(as_of) AS as_of FROM theme_bursts WHERE as_of <= $as_of
),
latest AS (
    SELECT b.*
    FROM theme_bursts b JOIN night USING (as_of)
    WHERE b.period >= night.as_of - INTERVAL 7 DAY * $weeks
)
SELECT b.as_of, b.key_kind, b.key, t.label, b.district, b.area AS street, b.grain, b.period AS week,
       b.observed AS callers, b.expected, b.score,
       (SELECT count(*)
        FROM complaint_themes ct
        JOIN complaints c USING (source, record_id)
        WHERE b.key_kind = 'theme' AND ct.theme_id = b.key AND c.street = b.area
          AND c.district IS NOT DISTINCT FROM b.district
          AND c.received_at >= b.period AND c.received_at < b.period + INTERVAL 7 DAY) AS complaints
FROM latest b
LEFT JOIN themes t ON b.key_kind = 'theme' AND t.theme_id = b.key
ORDER BY b.score DESC, b.period DESC, b.key, b.area;
