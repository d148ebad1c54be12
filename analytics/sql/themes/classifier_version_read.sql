-- The newest classifier version (0 before the first).
SELECT coalesce(max(version), 0) AS version FROM classifier_models;
