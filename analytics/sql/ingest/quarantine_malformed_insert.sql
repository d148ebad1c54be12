-- Lines the CSV reader could not split into the header's columns (truncated, bad quoting, over
-- the line-size limit), masked and without NUL bytes. Every row gets a reason: the reader
-- reports some errors (a line over max_line_size) with no column, and arg_min over a NULL key
-- would give a NULL reason.
INSERT INTO quarantine (batch_id, row_number, record_id, reasons, raw)
SELECT
    $batch_id,
    line,
    NULL,
    ['malformed row: ' || CASE error_type
                              WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line too long'
                              ELSE coalesce(lower(error_type), 'unreadable line')
                          END],
    to_json({'line': weisu_mask(weisu_no_nul(trim(csv_line, chr(10) || chr(13))),
                                $mask_find, $mask_patterns, $mask_subs),
             'error': weisu_mask(weisu_no_nul(error_message), $mask_find, $mask_patterns, $mask_subs)})
FROM (
    -- the reader may report one line several times (once per missing column): keep the first
    SELECT line, arg_min(error_type, coalesce(column_idx, -1)) AS error_type,
           arg_min(csv_line, coalesce(column_idx, -1)) AS csv_line,
           arg_min(error_message, coalesce(column_idx, -1)) AS error_message
    FROM reject_errors
    GROUP BY line
);
