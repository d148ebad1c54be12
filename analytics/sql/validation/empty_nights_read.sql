-- How many nights in a row, ending with the latest recorded night, found no files.
SELECT count(*) FROM (
    SELECT files, sum(CASE WHEN files > 0 THEN 1 ELSE 0 END)
               OVER (ORDER BY finished_at DESC ROWS UNBOUNDED PRECEDING) AS seen_files
    FROM nightly_runs
) WHERE seen_files = 0;
