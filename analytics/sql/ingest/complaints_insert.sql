-- Write the batch's new rows, then its updates; first_batch_id survives updates.
-- _classified makes at most one row per record 'loaded' or 'updated', and 'loaded' only when
-- the warehouse does not hold the record, so (source, record_id) stays unique without an index.
-- Every valid row of _norm has one outcome and nearly all are 'loaded', so the new rows are the
-- valid ones minus the few others (an anti-join on a small set, not a join of the whole batch).
INSERT INTO complaints (
    source, record_id, received_at, district, street, community, category_l1, category_l2,
    category_l3, appeal_type, channel, content, handling_unit, handling_units, dispatched_at,
    responded_at, closed_at, updated_at, resolved, satisfied, status, caller_hash, address,
    longitude, latitude, district_derived, category_derived, category_confidence, row_hash,
    first_batch_id, batch_id)
SELECT
    n.source, n.record_id, n.received_at, n.district, n.street, n.community, n.category_l1,
    n.category_l2, n.category_l3, n.appeal_type, n.channel, n.content, n.handling_unit,
    n.handling_units, n.dispatched_at, n.responded_at, n.closed_at, n.updated_at, n.resolved,
    n.satisfied, n.status, n.caller_hash, n.address, n.longitude, n.latitude,
    n.district_derived, n.category_derived, n.category_confidence, n.row_hash,
    $batch_id, $batch_id
FROM _norm n
ANTI JOIN (SELECT _row FROM _classified WHERE outcome <> 'loaded') k USING (_row)
WHERE len(n.reasons) = 0;

UPDATE complaints AS c
SET received_at = n.received_at, district = n.district, street = n.street,
    community = n.community, category_l1 = n.category_l1, category_l2 = n.category_l2,
    category_l3 = n.category_l3, appeal_type = n.appeal_type, channel = n.channel,
    content = n.content, handling_unit = n.handling_unit, handling_units = n.handling_units,
    dispatched_at = n.dispatched_at, responded_at = n.responded_at, closed_at = n.closed_at,
    updated_at = n.updated_at, resolved = n.resolved, satisfied = n.satisfied,
    status = n.status, caller_hash = n.caller_hash, address = n.address,
    longitude = n.longitude, latitude = n.latitude, district_derived = n.district_derived,
    category_derived = n.category_derived, category_confidence = n.category_confidence,
    row_hash = n.row_hash, batch_id = $batch_id
FROM _norm n
JOIN _classified k USING (_row)
WHERE k.outcome = 'updated' AND c.source = n.source AND c.record_id = n.record_id;
