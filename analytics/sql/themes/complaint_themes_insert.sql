-- Replace the theme of the complaints in _theme_assignments; unassigned rows go to the pool.
DELETE FROM complaint_themes
WHERE (source, record_id) IN (SELECT (source, record_id) FROM _theme_assignments);
INSERT INTO complaint_themes
SELECT source, record_id, theme_id, theme_score, $assigned_on
FROM _theme_assignments
WHERE theme_id IS NOT NULL;
DELETE FROM theme_pool
WHERE (source, record_id) IN (SELECT (source, record_id) FROM _theme_assignments);
INSERT INTO theme_pool
SELECT source, record_id, received_at, partition, terms
FROM _theme_assignments
WHERE theme_id IS NULL;
