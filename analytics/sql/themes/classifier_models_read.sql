-- The newest classifier (version, when, metrics, blob).
SELECT version, trained_at, as_of, n_train, accuracy, macro_f1, metrics, model_sha256, model
FROM classifier_models
ORDER BY version DESC
LIMIT 1;
