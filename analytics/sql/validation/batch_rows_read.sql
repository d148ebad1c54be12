-- The complaints written (loaded or updated) by the given batches, for the raw_batch suite.
-- beijing_district is the district only where the source is Beijing's, so the reference-list
-- check ignores other cities' rows.
SELECT
    source,
    record_id,
    received_at,
    district,
    CASE WHEN source IN (SELECT unnest($beijing_sources)) THEN district END AS beijing_district,
    content,
    closed_at
FROM complaints
WHERE batch_id IN (SELECT unnest($batch_ids));
