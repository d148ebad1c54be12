-- All complaints per area and period in [$start, $end): the spatial baseline of hotspots.
SELECT c.district,
       CASE WHEN $level = 'street' THEN c.street ELSE c.district END AS area,
       date_trunc($grain, c.received_at)::DATE AS period,
       CASE WHEN $callers THEN count(DISTINCT coalesce(c.caller_hash, c.source || ':' || c.record_id))
            ELSE count(*) END AS total
FROM complaints c
WHERE c.received_at >= $start AND c.received_at < $end
  AND (CASE WHEN $level = 'street' THEN c.street ELSE c.district END) IS NOT NULL
GROUP BY ALL;
