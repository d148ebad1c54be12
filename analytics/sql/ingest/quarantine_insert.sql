-- Keep every rejected row of the batch with its reasons and its raw values. Each value is
-- masked and stripped of NUL bytes on its own, before JSON escapes (\t, \u0000) could sit
-- between the digits of a number; the record_id column is stripped too (a NUL byte in it is
-- one of the reasons). The cells of all rejected rows go through one weisu_mask (its regular
-- expressions compile once per query, not once per column).
INSERT INTO quarantine (batch_id, row_number, record_id, reasons, raw)
WITH rejected AS MATERIALIZED (
    SELECT n._row, n.record_id, n.reasons, to_json(r.rec) AS raw
    FROM _norm n
    JOIN (SELECT rowid + $first_row AS _row, raw_row AS rec FROM _raw raw_row) r USING (_row)
    WHERE len(n.reasons) > 0
),
cells AS (
    SELECT q._row, c.id, weisu_no_nul(c.key) AS key,
           weisu_mask(weisu_no_nul(c.value ->> '$'), $mask_find, $mask_patterns, $mask_subs) AS value
    FROM rejected q, json_each(q.raw) c
)
SELECT $batch_id, q._row, weisu_no_nul(any_value(q.record_id)), any_value(q.reasons),
       to_json(map(list(c.key ORDER BY c.id), list(c.value ORDER BY c.id)))
FROM rejected q
JOIN cells c USING (_row)
GROUP BY q._row;
