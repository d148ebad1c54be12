-- Whether any hotspot is stored at all (none: the analysis has not run yet).
SELECT EXISTS (SELECT 1 FROM theme_hotspots) AS stored;
