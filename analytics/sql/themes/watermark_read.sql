-- The last batch the theme pipeline absorbed (0 before the first run), the newest batch, and
-- whether a refresh as of $as_of already ran (a day is discovered once).
SELECT coalesce((SELECT max(last_batch_id) FROM theme_runs), 0) AS after_batch_id,
       coalesce((SELECT max(batch_id) FROM complaints), 0) AS upto_batch_id,
       EXISTS (SELECT 1 FROM theme_runs WHERE as_of = $as_of) AS refreshed;
