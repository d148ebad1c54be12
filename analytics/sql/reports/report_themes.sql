-- Every theme row (schema v4), to name the themes candidates and hotspots point at.
SELECT * FROM themes;
