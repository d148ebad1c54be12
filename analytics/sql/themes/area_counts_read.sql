-- Category counts per area and period in [$start, $end); the key is the category path down to
-- $depth levels ("噪声" → "生态环境 / 噪声 / 施工噪声"; 311: complaint type / descriptor).
SELECT CASE WHEN $depth = 1 THEN c.category_l1
            WHEN $depth = 2 THEN concat_ws(' / ', c.category_l1, c.category_l2)
            ELSE concat_ws(' / ', c.category_l1, c.category_l2, c.category_l3) END AS key,
       c.district,
       CASE WHEN $level = 'street' THEN c.street ELSE c.district END AS area,
       date_trunc($grain, c.received_at)::DATE AS period,
       CASE WHEN $callers THEN count(DISTINCT coalesce(c.caller_hash, c.source || ':' || c.record_id))
            ELSE count(*) END AS n
FROM complaints c
WHERE c.received_at >= $start AND c.received_at < $end
  AND c.category_l1 IS NOT NULL
  AND (CASE WHEN $level = 'street' THEN c.street ELSE c.district END) IS NOT NULL
GROUP BY ALL;
