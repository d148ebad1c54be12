-- Write the batch's new rows, then its updates; first_batch_id survives updates.
-- New rows go in without ON CONFLICT, which costs an index probe per row.
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
JOIN _classified k USING (_row)
WHERE k.outcome = 'loaded';

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
JOIN _classified k USING (_row)
WHERE k.outcome = 'updated'
ON CONFLICT (source, record_id) DO UPDATE SET
    received_at = excluded.received_at, district = excluded.district, street = excluded.street,
    community = excluded.community, category_l1 = excluded.category_l1,
    category_l2 = excluded.category_l2, category_l3 = excluded.category_l3,
    appeal_type = excluded.appeal_type, channel = excluded.channel, content = excluded.content,
    handling_unit = excluded.handling_unit, handling_units = excluded.handling_units,
    dispatched_at = excluded.dispatched_at, responded_at = excluded.responded_at,
    closed_at = excluded.closed_at, updated_at = excluded.updated_at,
    resolved = excluded.resolved, satisfied = excluded.satisfied, status = excluded.status,
    caller_hash = excluded.caller_hash, address = excluded.address,
    longitude = excluded.longitude, latitude = excluded.latitude,
    district_derived = excluded.district_derived, category_derived = excluded.category_derived,
    category_confidence = excluded.category_confidence, row_hash = excluded.row_hash,
    batch_id = excluded.batch_id;
