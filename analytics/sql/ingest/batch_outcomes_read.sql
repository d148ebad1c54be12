-- Counts for the batch summary, including rows quarantined by the reader or by validation.
SELECT
    (SELECT count(*) FROM _norm) AS rows_mapped,
    count(*) FILTER (WHERE outcome = 'loaded')    AS rows_loaded,
    count(*) FILTER (WHERE outcome = 'updated')   AS rows_updated,
    count(*) FILTER (WHERE outcome = 'duplicate') AS rows_duplicate,
    (SELECT count(*) FROM _norm WHERE len(reasons) > 0) AS rows_invalid
FROM _classified;
