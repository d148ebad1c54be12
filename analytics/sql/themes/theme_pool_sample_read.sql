-- What discovery clusters: the newest $max_docs unassigned complaints of each partition
-- received on or after $since (on the first night the pool is the whole history), oldest first.
SELECT source, record_id, received_at, partition, terms
FROM theme_pool
WHERE received_at >= $since
QUALIFY row_number() OVER (PARTITION BY partition
                           ORDER BY received_at DESC, source DESC, record_id DESC) <= $max_docs
ORDER BY received_at, source, record_id;
