-- Tables and columns of the open warehouse, so reports can tell which optional tables exist.
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_catalog = current_database() AND table_schema = 'main'
ORDER BY table_name, ordinal_position;
