-- _classified: what each valid row of _norm does to the warehouse.
--   loaded     a record new to the warehouse
--   updated    a newer or equal-time, different version of a stored record
--   duplicate  adds nothing: an exact copy earlier in the file, identical to what is stored,
--              or an older version than the stored one or than a later row of this file
-- Most records appear once in a file; only those that repeat need the two window passes.
CREATE OR REPLACE TEMP TABLE _classified AS
WITH valid AS (
    SELECT _row, record_id, row_hash, version_ts
    FROM _norm
    WHERE len(reasons) = 0
),
repeated AS (
    SELECT record_id FROM valid GROUP BY record_id HAVING count(*) > 1
),
copies AS (
    SELECT *, row_number() OVER (PARTITION BY record_id, row_hash ORDER BY _row) AS copy_no
    FROM valid SEMI JOIN repeated USING (record_id)
),
versions AS (
    SELECT _row, record_id, row_hash, version_ts, 1 AS version_rank
    FROM valid ANTI JOIN repeated USING (record_id)
    UNION ALL
    SELECT _row, record_id, row_hash, version_ts,
           row_number() OVER (PARTITION BY record_id
                              ORDER BY version_ts DESC NULLS LAST, _row DESC) AS version_rank
    FROM copies
    WHERE copy_no = 1
)
SELECT
    v._row,
    CASE
        WHEN v.version_rank > 1 THEN 'duplicate'
        WHEN c.record_id IS NULL THEN 'loaded'
        WHEN c.row_hash = v.row_hash THEN 'duplicate'
        WHEN coalesce(c.updated_at, greatest(c.received_at, c.dispatched_at, c.responded_at,
                                             c.closed_at)) > v.version_ts THEN 'duplicate'
        ELSE 'updated'
    END AS outcome
FROM versions v
LEFT JOIN complaints c ON c.source = $source AND c.record_id = v.record_id
UNION ALL
SELECT _row, 'duplicate' FROM copies WHERE copy_no > 1;
