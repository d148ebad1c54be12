-- Complaint → theme links (schema v4 complaint_themes) for topic scopes given by theme ids.
SELECT DISTINCT source, record_id, theme_id::VARCHAR AS theme_id
FROM complaint_themes
WHERE theme_id::VARCHAR IN (SELECT unnest($theme_ids::VARCHAR[]));
