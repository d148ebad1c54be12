-- The hotspots of the newest day on or before $as_of with every stored column (the pages show
-- them as they are), highest score first; equal scores in the order the analysis stored them.
SELECT *
FROM theme_hotspots
WHERE as_of = (SELECT max(as_of) FROM theme_hotspots WHERE as_of <= CAST($as_of AS DATE))
ORDER BY score DESC, rowid;
