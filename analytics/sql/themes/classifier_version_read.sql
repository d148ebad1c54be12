-- The newest classifier version (NULL before the first).
SELECT max(version) AS version FROM classifier_models;
