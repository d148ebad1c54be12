-- Complaint records with their text for topic impact (keyword scopes), received in [$start, $end).
SELECT source, record_id, received_at, district, street, category_l1, category_l2, category_l3,
       content, handling_unit, dispatched_at, responded_at, closed_at, resolved, satisfied, status,
       caller_hash
FROM complaints
WHERE received_at >= $start AND received_at < $end;
