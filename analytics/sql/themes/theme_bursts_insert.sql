-- The bursts found as of one day (registered frame _burst_rows), replacing that day's.
DELETE FROM theme_bursts WHERE as_of = $as_of;
INSERT INTO theme_bursts
SELECT $as_of, key_kind, key, grain, district, area, period, observed, expected, score
FROM _burst_rows;
