-- Theme counts per area and period in [$start, $end): complaints, or distinct callers when
-- $callers (bursts: one caller phoning ten times is one voice).
SELECT ct.theme_id AS key,
       c.district,
       CASE WHEN $level = 'street' THEN c.street ELSE c.district END AS area,
       date_trunc($grain, c.received_at)::DATE AS period,
       CASE WHEN $callers THEN count(DISTINCT coalesce(c.caller_hash, c.source || ':' || c.record_id))
            ELSE count(*) END AS n
FROM complaint_themes ct
JOIN complaints c USING (source, record_id)
WHERE c.received_at >= $start AND c.received_at < $end
  AND (CASE WHEN $level = 'street' THEN c.street ELSE c.district END) IS NOT NULL
GROUP BY ALL;
