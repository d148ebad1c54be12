-- One row per source: how many complaints and which dates they cover.
SELECT source, count(*) AS complaints, min(received_at) AS first_received,
       max(received_at) AS last_received, count(DISTINCT district) AS districts
FROM complaints
GROUP BY source
ORDER BY complaints DESC;
