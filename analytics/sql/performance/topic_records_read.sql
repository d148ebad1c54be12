-- Complaint records (the columns of records_read.sql) linked to the given themes, all history:
-- a chosen topic's impact needs its own complaints only, never the whole warehouse.
SELECT c.source, c.record_id, c.received_at, c.district, c.street, c.category_l1, c.category_l2,
       c.category_l3, c.handling_unit, c.dispatched_at, c.responded_at, c.closed_at, c.resolved,
       c.satisfied, c.status, c.caller_hash
FROM complaints c
SEMI JOIN (
    SELECT DISTINCT source, record_id FROM complaint_themes
    WHERE theme_id::VARCHAR IN (SELECT unnest($theme_ids::VARCHAR[]))
) t ON c.source = t.source AND c.record_id = t.record_id;
