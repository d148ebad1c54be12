-- The theme of each complaint received in [$start, $end) (schema v4), to key repeats and problems.
SELECT t.source, t.record_id, t.theme_id::VARCHAR AS theme_id
FROM complaint_themes t
JOIN complaints c USING (source, record_id)
WHERE c.received_at >= $start AND c.received_at < $end;
