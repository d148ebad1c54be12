-- The last batch the theme pipeline absorbed (0 before the first run) and the newest batch.
SELECT coalesce((SELECT max(last_batch_id) FROM theme_runs), 0) AS after_batch_id,
       coalesce((SELECT max(batch_id) FROM complaints), 0) AS upto_batch_id;
