-- The themes of the complaints in _theme_assignments (registered), replacing any they had;
-- the unassigned ones go to the pool instead, with their phrases, to seed later themes.
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
