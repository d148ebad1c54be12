-- Keep every rejected row of the batch with its reasons and its raw values (masked).
INSERT INTO quarantine (batch_id, row_number, record_id, reasons, raw)
SELECT
    $batch_id,
    n._row,
    n.record_id,
    n.reasons,
    weisu_mask(CAST(to_json(r.rec) AS VARCHAR), $m0, $r0, $m1, $r1, $m2, $r2, $m3, $r3, $m4, $r4)::JSON
FROM _norm n
JOIN (SELECT rowid + $first_row AS _row, raw_row AS rec FROM _raw raw_row) r USING (_row)
WHERE len(n.reasons) > 0;
