-- Whether the stored row hashes were made by this DuckDB's hash() (see schema_v6.sql).
SELECT coalesce((SELECT probe FROM row_hash_scheme ORDER BY computed_at DESC LIMIT 1)
                = weisu_row_hash_probe(), FALSE) AS current;
