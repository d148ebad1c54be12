-- _raw: a UTF-8 CSV read as text columns in file order. Lines the reader cannot split into the
-- header's columns go to the temp table reject_errors (see quarantine_malformed_insert.sql).
CREATE OR REPLACE TEMP TABLE _raw AS
SELECT * FROM read_csv($path, columns = $columns, header = true, auto_detect = false,
                       delim = $delim, quote = '"', escape = '"', store_rejects = true,
                       max_line_size = 20000000, parallel = true);
