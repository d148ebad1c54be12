-- Complaints per key, area and period in [$start, $end), or distinct callers when $callers
-- (bursts: one caller phoning ten times is one voice). $key_kind picks the key: 'theme' (the
-- complaint's theme), 'category' (its category path down to $depth levels: "噪声" → "生态环境 /
-- 噪声 / 施工噪声"; 311: complaint type / descriptor) or 'all' (every complaint under a NULL
-- key: the totals that are the spatial baseline). Complaints without that key are left out.
SELECT CASE $key_kind
           WHEN 'theme' THEN ct.theme_id
           WHEN 'category' THEN CASE WHEN $depth = 1 THEN c.category_l1
                                     WHEN $depth = 2 THEN concat_ws(' / ', c.category_l1, c.category_l2)
                                     ELSE concat_ws(' / ', c.category_l1, c.category_l2, c.category_l3) END
       END AS key,
       c.district,
       CASE WHEN $level = 'street' THEN c.street ELSE c.district END AS area,
       date_trunc($grain, c.received_at)::DATE AS period,
       CASE WHEN $callers THEN count(DISTINCT coalesce(c.caller_hash, c.source || ':' || c.record_id))
            ELSE count(*) END AS n
FROM complaints c
LEFT JOIN complaint_themes ct
       ON $key_kind = 'theme' AND ct.source = c.source AND ct.record_id = c.record_id
WHERE c.received_at >= $start AND c.received_at < $end
  AND (CASE WHEN $level = 'street' THEN c.street ELSE c.district END) IS NOT NULL
  AND CASE $key_kind WHEN 'theme' THEN ct.theme_id IS NOT NULL
                     WHEN 'category' THEN c.category_l1 IS NOT NULL
                     ELSE TRUE END
GROUP BY ALL;
