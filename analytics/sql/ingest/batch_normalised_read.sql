-- The batch typed and normalised: one row per mapped input row, with every reason it fails.
-- Reads _mapped (canonical text columns; the ingest wraps this query in a CTE that defines
-- it from the profile, so the mapping is never materialised), _area_districts(alias, district)
-- and _area_streets(district, alias, street). Parameters are named ($...), all bound.
-- Places and handling units repeat across a file (a few hundred distinct values per million
-- rows), so they are normalised once per distinct value and joined back. NUL bytes are
-- stripped from every text, except record_id: a row whose id holds one is quarantined (stripped,
-- it could collide with another record's id).
WITH cleaned AS NOT MATERIALIZED (
    SELECT _row, record_id, district_derived,
           weisu_clean(COLUMNS(* EXCLUDE (_row, record_id, district_derived)))
    FROM _mapped
),
places AS (
    SELECT p.district AS raw_district, p.street AS raw_street,
           d.district AS n_district, s.street AS n_street
    FROM (SELECT DISTINCT district, street FROM cleaned) p
    LEFT JOIN _area_districts d ON d.alias = weisu_key(p.district)
    LEFT JOIN _area_streets s ON s.district = d.district AND s.alias = weisu_key(p.street)
),
units AS (
    SELECT handling_unit AS raw_unit,
           list_filter(list_transform(regexp_split_to_array(handling_unit, '[;；、]'),
                                      lambda u: trim(u)), lambda u: u <> '') AS n_units
    FROM (SELECT DISTINCT handling_unit FROM cleaned WHERE handling_unit IS NOT NULL)
),
placed AS (
    SELECT
        m.*,
        weisu_ts(m.received_at, $formats, $tz_formats, $tz, $excel)   AS t_received,
        weisu_ts(m.dispatched_at, $formats, $tz_formats, $tz, $excel) AS t_dispatched,
        weisu_ts(m.responded_at, $formats, $tz_formats, $tz, $excel)  AS t_responded,
        weisu_ts(m.closed_at, $formats, $tz_formats, $tz, $excel)     AS t_closed,
        weisu_ts(m.updated_at, $formats, $tz_formats, $tz, $excel)    AS t_updated,
        lower(trim(m.resolved))                          AS k_resolved,
        lower(trim(m.satisfied))                         AS k_satisfied,
        try_cast(m.longitude AS DOUBLE)                  AS f_longitude,
        try_cast(m.latitude AS DOUBLE)                   AS f_latitude,
        p.n_district,
        p.n_street,
        u.n_units
    FROM cleaned m
    LEFT JOIN places p ON p.raw_district IS NOT DISTINCT FROM m.district
                      AND p.raw_street IS NOT DISTINCT FROM m.street
    LEFT JOIN units u ON u.raw_unit = m.handling_unit
),
checked AS (
    SELECT
        p.*,
        list_filter([
            CASE WHEN record_id IS NULL THEN 'missing record_id'
                 WHEN length(record_id) > 200 THEN 'record_id too long'
                 WHEN contains(record_id, chr(0)) THEN 'NUL byte in record_id' END,
            CASE WHEN received_at IS NULL THEN 'missing received_at'
                 WHEN t_received IS NULL THEN 'unparseable received_at'
                 WHEN t_received < $min_ts OR t_received > $max_ts
                     THEN 'received_at out of range' END,
            CASE WHEN district IS NULL THEN 'missing district'
                 WHEN $area <> 'none' AND n_district IS NULL THEN 'unknown district' END,
            CASE WHEN $check_streets AND street IS NOT NULL AND n_district IS NOT NULL
                      AND n_street IS NULL THEN 'unknown street' END,
            CASE WHEN content IS NULL THEN 'missing content'
                 WHEN length(content) > $max_content THEN 'content too long' END,
            CASE WHEN dispatched_at IS NOT NULL AND t_dispatched IS NULL
                     THEN 'unparseable dispatched_at'
                 WHEN t_dispatched < t_received THEN 'dispatched_at before received_at'
                 WHEN t_dispatched > $max_ts THEN 'dispatched_at out of range' END,
            CASE WHEN responded_at IS NOT NULL AND t_responded IS NULL
                     THEN 'unparseable responded_at'
                 WHEN t_responded < t_received THEN 'responded_at before received_at'
                 WHEN t_responded > $max_ts THEN 'responded_at out of range' END,
            CASE WHEN closed_at IS NOT NULL AND t_closed IS NULL THEN 'unparseable closed_at'
                 WHEN t_closed < t_received THEN 'closed_at before received_at'
                 WHEN t_closed > $max_ts THEN 'closed_at out of range' END,
            CASE WHEN updated_at IS NOT NULL AND t_updated IS NULL
                     THEN 'unparseable updated_at' END,
            CASE WHEN k_resolved IS NOT NULL AND NOT list_contains($true_words, k_resolved)
                      AND NOT list_contains($false_words, k_resolved)
                     THEN 'unparseable resolved' END,
            CASE WHEN k_satisfied IS NOT NULL AND NOT list_contains($true_words, k_satisfied)
                      AND NOT list_contains($false_words, k_satisfied)
                     THEN 'unparseable satisfied' END,
            CASE WHEN appeal_type IS NOT NULL AND NOT list_contains($appeal_types, appeal_type)
                     THEN 'unknown appeal_type' END,
            CASE WHEN longitude IS NOT NULL AND f_longitude IS NULL
                     THEN 'unparseable longitude' END,
            CASE WHEN latitude IS NOT NULL AND f_latitude IS NULL
                     THEN 'unparseable latitude' END
        ], lambda r: r IS NOT NULL) AS reasons
    FROM placed p
),
-- Content and address masked together, joined by a NUL byte (stripped from both, so it splits
-- them back; no number spans it): one copy of the masks' large regular expressions to compile
-- per query instead of two, and only rows where either may hold a number pay for the join.
masked AS (
    SELECT c.*,
           CASE WHEN NOT $keep_clear AND (regexp_matches(content, $mask_find[1])
                                          OR regexp_matches(address, $mask_find[1]))
                THEN weisu_masked(concat(content, chr(0), address), $mask_find, $mask_patterns, $mask_subs)
           END AS masked_text
    FROM checked c
),
final AS (
    SELECT
        _row,
        $source AS source,
        record_id,
        t_received AS received_at,
        CASE WHEN $area = 'none' THEN district ELSE n_district END AS district,
        CASE WHEN $check_streets THEN n_street ELSE street END AS street,
        community, category_l1, category_l2, category_l3, appeal_type, channel,
        CASE WHEN masked_text IS NULL OR content IS NULL THEN content
             ELSE split_part(masked_text, chr(0), 1) END AS content,
        handling_unit,
        n_units AS handling_units,
        t_dispatched AS dispatched_at,
        t_responded AS responded_at,
        t_closed AS closed_at,
        t_updated AS updated_at,
        CASE WHEN list_contains($true_words, k_resolved) THEN TRUE
             WHEN list_contains($false_words, k_resolved) THEN FALSE END AS resolved,
        CASE WHEN list_contains($true_words, k_satisfied) THEN TRUE
             WHEN list_contains($false_words, k_satisfied) THEN FALSE END AS satisfied,
        status,
        CASE WHEN caller_id IS NOT NULL THEN left(sha256($key || CASE
                 WHEN regexp_full_match(caller_id, '[0-9]{5,}') THEN weisu_mobile(caller_id)
                 WHEN regexp_full_match(caller_id, '[0-9+() -]{5,}')
                     THEN weisu_mobile(weisu_digits(caller_id))
                 ELSE trim(caller_id) END), 24) END AS caller_hash,
        CASE WHEN masked_text IS NULL OR address IS NULL THEN address
             ELSE split_part(masked_text, chr(0), 2) END AS address,
        f_longitude AS longitude,
        f_latitude AS latitude,
        district_derived,
        FALSE AS category_derived,
        CAST(NULL AS DOUBLE) AS category_confidence,
        reasons
    FROM masked
)
SELECT
    *,
    weisu_row_hash(record_id, received_at, district, street, community, category_l1,
                   category_l2, category_l3, appeal_type, channel, content, handling_unit,
                   dispatched_at, responded_at, closed_at, updated_at, resolved, satisfied,
                   status, caller_hash, address, longitude, latitude) AS row_hash,
    coalesce(updated_at, greatest(received_at, dispatched_at, responded_at, closed_at))
        AS version_ts
FROM final
