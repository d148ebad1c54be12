-- Quarantined rows per reason in batches from $min_batch_id on (a row with two reasons counts
-- under each).
SELECT reason, count(*)::BIGINT AS rows
FROM (SELECT unnest(reasons) AS reason FROM quarantine WHERE batch_id >= $min_batch_id)
GROUP BY reason
ORDER BY rows DESC, reason;
