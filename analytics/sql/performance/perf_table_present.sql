-- Whether a table exists (optional inputs such as complaint_themes, schema v4).
SELECT count(*) > 0 AS present FROM duckdb_tables() WHERE table_name = $name;
