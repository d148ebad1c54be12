-- How many unassigned complaints were received on or after $since, and the first one's time.
SELECT count(*) AS complaints, min(received_at) AS first_received
FROM theme_pool
WHERE received_at >= $since;
