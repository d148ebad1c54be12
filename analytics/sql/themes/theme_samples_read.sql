-- Three recent complaints of each theme in _theme_ids over [$start, $end), from different streets.
SELECT theme_id, received_at, district, street, content
FROM (
    SELECT ct.theme_id, c.received_at, c.district, c.street, c.content,
           row_number() OVER (PARTITION BY ct.theme_id, c.street ORDER BY c.received_at DESC) AS per_street,
           ct.score
    FROM complaint_themes ct
    JOIN complaints c USING (source, record_id)
    WHERE ct.theme_id IN (SELECT theme_id FROM _theme_ids)
      AND c.received_at >= $start AND c.received_at < $end
)
WHERE per_street = 1
QUALIFY row_number() OVER (PARTITION BY theme_id ORDER BY score DESC, received_at DESC) <= 3
ORDER BY theme_id, received_at DESC;
