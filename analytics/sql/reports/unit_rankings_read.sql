-- One night's ranking of one level (district | street | unit), ranked units first.
SELECT *
FROM unit_rankings
WHERE as_of = CAST($as_of AS DATE) AND level = CAST($level AS VARCHAR)
ORDER BY rank NULLS LAST, district, street, handling_unit;
