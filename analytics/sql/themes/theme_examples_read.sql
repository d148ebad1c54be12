-- Best-scoring complaints of each theme in _theme_ids (registered), three per theme.
SELECT theme_id, content
FROM (
    SELECT ct.theme_id, c.content,
           row_number() OVER (PARTITION BY ct.theme_id
                              ORDER BY ct.score DESC, c.received_at DESC, c.record_id) AS rank
    FROM complaint_themes ct
    JOIN complaints c USING (source, record_id)
    WHERE ct.theme_id IN (SELECT theme_id FROM _theme_ids)
)
WHERE rank <= 3
ORDER BY theme_id, rank;
