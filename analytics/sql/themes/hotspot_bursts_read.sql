-- Stored bursts of the latest day on or before $as_of, with the theme label when a theme.
SELECT b.*, t.label
FROM theme_bursts b
LEFT JOIN themes t ON b.key_kind = 'theme' AND t.theme_id = b.key
WHERE b.as_of = (SELECT max(as_of) FROM theme_bursts WHERE as_of <= $as_of)
ORDER BY b.score DESC, b.key, b.area;
