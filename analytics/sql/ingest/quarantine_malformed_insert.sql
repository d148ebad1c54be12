-- Lines the CSV reader could not split into the header's columns (truncated, bad quoting).
INSERT INTO quarantine (batch_id, row_number, record_id, reasons, raw)
SELECT
    $batch_id,
    line,
    NULL,
    ['malformed row: ' || lower(error_type)],
    to_json({'line': weisu_mask(trim(csv_line, chr(10) || chr(13)), $m0, $r0, $m1, $r1, $m2, $r2, $m3, $r3, $m4, $r4),
             'error': error_message})
FROM (
    -- the reader may report one line several times (once per missing column): keep the first
    SELECT line, arg_min(error_type, column_idx) AS error_type,
           arg_min(csv_line, column_idx) AS csv_line,
           arg_min(error_message, column_idx) AS error_message
    FROM reject_errors
    GROUP BY line
);
