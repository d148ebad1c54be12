-- Record a refresh (and so move the watermark).
INSERT INTO theme_runs VALUES ($run_at, $as_of, $last_batch_id, $complaints, $classified,
                               $assigned, $new_themes, $model_version, $seconds);
