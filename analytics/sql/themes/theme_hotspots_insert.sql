-- The hotspots found as of one day (registered frame _hotspot_rows, every grain), replacing
-- that day's.
DELETE FROM theme_hotspots WHERE as_of = $as_of;
INSERT INTO theme_hotspots
SELECT $as_of, key_kind, key, level, grain, district, area, period, observed, expected, excess, z,
       p_value, score, spatial_expected, hot, periods_hot, pattern, trend_tau, trend_p, sen_slope,
       counts, q_value, expected_from
FROM _hotspot_rows;
