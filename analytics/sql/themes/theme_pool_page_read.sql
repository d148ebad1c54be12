-- The next $size unassigned complaints after the key ($after_received, $after_source,
-- $after_record) in received order: pages that stay correct while earlier ones are assigned
-- (and so leave the pool).
SELECT source, record_id, received_at, partition, terms
FROM theme_pool
WHERE (received_at, source, record_id) > ($after_received, $after_source, $after_record)
ORDER BY received_at, source, record_id
LIMIT $size;
