-- The five streets with most complaints of each theme in _theme_ids over [$start, $end).
SELECT theme_id, district, street, n
FROM (
    SELECT ct.theme_id, c.district, c.street, count(*) AS n,
           row_number() OVER (PARTITION BY ct.theme_id ORDER BY count(*) DESC, c.district, c.street) AS rank
    FROM complaint_themes ct
    JOIN complaints c USING (source, record_id)
    WHERE ct.theme_id IN (SELECT theme_id FROM _theme_ids)
      AND c.received_at >= $start AND c.received_at < $end AND c.street IS NOT NULL
    GROUP BY ct.theme_id, c.district, c.street
)
WHERE rank <= 5
ORDER BY theme_id, rank;
