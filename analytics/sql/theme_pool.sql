-- Unassigned complaints received on or after $since, oldest first.
SELECT source, record_id, received_at, partition, terms
FROM theme_pool
WHERE received_at >= $since
ORDER BY received_at, source, record_id;
