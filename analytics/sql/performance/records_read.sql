-- Complaint records for 三率, rankings and street risk, received in [$start, $end) (no text).
SELECT source, record_id, received_at, district, street, category_l1, category_l2, category_l3,
       handling_unit, dispatched_at, responded_at, closed_at, resolved, satisfied, status, caller_hash
FROM complaints
WHERE received_at >= $start AND received_at < $end;
