-- Record a refresh, and so move the watermark (last_batch_id) in the same transaction as its
-- writes.
INSERT INTO theme_runs VALUES ($run_at, $as_of, $last_batch_id, $complaints, $classified,
                               $assigned, $new_themes, $model_version, $seconds);
