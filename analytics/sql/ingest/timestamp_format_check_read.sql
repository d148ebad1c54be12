-- Whether DuckDB's strptime accepts a profile's timestamp format: a bad one raises when bound.
SELECT try_strptime('', $format) AS parsed;
