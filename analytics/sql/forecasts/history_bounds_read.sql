-- First and last day with complaints before the forecast date (NULLs when there are none).
SELECT min(CAST(received_at AS DATE)) AS first_day,
       max(CAST(received_at AS DATE)) AS last_day
FROM complaints
WHERE (CAST($before AS DATE) IS NULL OR received_at < CAST($before AS DATE))
  AND (CAST($source AS VARCHAR) IS NULL OR source = CAST($source AS VARCHAR));
