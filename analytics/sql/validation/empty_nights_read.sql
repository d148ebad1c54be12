-- How many nights in a row, ending with the latest recorded night, found nothing new: no files in
-- their inbox and no batch loaded since the night before (a rerun of a night that was killed after
-- archiving its files recomputes from stored batches, and is not an empty night).
WITH nights AS (
    SELECT finished_at, files,
           lag(finished_at) OVER (ORDER BY finished_at) AS previous
    FROM nightly_runs
), seen AS (
    SELECT finished_at,
           files > 0 OR EXISTS (
               SELECT 1 FROM ingest_batches b
               WHERE b.status = 'ok'
                 AND b.finished_at > coalesce(nights.previous, TIMESTAMP '1970-01-01')
                 AND b.finished_at <= nights.finished_at
           ) AS found
    FROM nights
)
SELECT count(*) FROM (
    SELECT sum(CASE WHEN found THEN 1 ELSE 0 END)
               OVER (ORDER BY finished_at DESC ROWS UNBOUNDED PRECEDING) AS seen_files
    FROM seen
) WHERE seen_files = 0;
