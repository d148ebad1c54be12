-- Store a fitted classifier as version $version; keep the three newest blobs.
INSERT INTO classifier_models
VALUES ($version, $trained_at, $as_of, $n_train, $labels, $accuracy, $macro_f1, $metrics, $model_sha256,
        $model);
DELETE FROM classifier_models
WHERE version <= (SELECT max(version) FROM classifier_models) - 3;
