-- One night's ranking of every level (district, street, unit), ranked units first in each.
SELECT *
FROM unit_rankings
WHERE as_of = CAST($as_of AS DATE)
ORDER BY level, rank NULLS LAST, district, street, handling_unit;
