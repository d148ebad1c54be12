-- Every hotspot row (schema v4); the report picks the newest run and ranks in Python because
-- the hotspot columns are read from the catalog.
SELECT * FROM theme_hotspots;
