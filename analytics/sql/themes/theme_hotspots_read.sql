-- Stored hotspots of the latest day on or before $as_of, with the theme label when a theme.
SELECT h.*, t.label, t.partition
FROM theme_hotspots h
LEFT JOIN themes t ON h.key_kind = 'theme' AND t.theme_id = h.key
WHERE h.as_of = (SELECT max(as_of) FROM theme_hotspots WHERE as_of <= $as_of)
ORDER BY h.score DESC, h.key, h.area;
