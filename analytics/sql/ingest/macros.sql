-- Helpers for batch_normalised_read.sql and the quarantine inserts; temporary, so they live
-- only in the ingesting connection. Definitions, not data: hence no _read/_insert verb.

-- A raw cell as text: spaces trimmed, blank as NULL. trim() copies every string it sees (a
-- third of the mapping's cost on long texts), so it runs only where there is a space to trim.
CREATE OR REPLACE TEMP MACRO weisu_text(x) AS
    nullif(CASE WHEN prefix(x, ' ') OR suffix(x, ' ') THEN trim(x) ELSE x END, '');

CREATE OR REPLACE TEMP MACRO weisu_key(x) AS
    upper(regexp_replace(trim(x), '[\s\x{3000}]+', '', 'g'));

-- A timestamp from text: the profile's naive formats first (strict: an offset or any other
-- trailing text does not match, and a format parses faster than the guarded cast); else
-- year-first text (YYYY-..., YYYY/...; the cast alone would read 2/12/20 as the year 2) by the
-- cast unless it carries an offset; else ISO with an offset (converted to the source's zone);
-- else Excel serial day numbers when the profile allows them. A cheap string test guards the
-- offset's regular expression (CASE evaluates its THEN only on the rows that match).
CREATE OR REPLACE TEMP MACRO weisu_has_offset(x) AS
    suffix(x, 'Z') OR CASE WHEN contains(right(x, 6), '+') OR contains(right(x, 6), '-')
                           THEN regexp_full_match(right(x, 6), '[+-][0-9]{2}:?[0-9]{2}')
                           ELSE FALSE END;

CREATE OR REPLACE TEMP MACRO weisu_ts(x, formats, tz_formats, tz, excel) AS
    coalesce(
        try_strptime(x, formats),
        CASE WHEN regexp_full_match(left(x, 5), '[0-9]{4}[-/]') AND NOT weisu_has_offset(x)
             THEN try_cast(x AS TIMESTAMP) END,
        try_strptime(x, tz_formats) AT TIME ZONE tz,
        CASE WHEN excel AND regexp_full_match(x, '[1-9][0-9]{4}(\.[0-9]+)?')
             THEN TIMESTAMP '1899-12-30'
                  + to_microseconds(CAST(round(CAST(x AS DOUBLE) * 86400000000) AS BIGINT))
        END);

CREATE OR REPLACE TEMP MACRO weisu_digits(x) AS regexp_replace(x, '[^0-9]', '', 'g');

-- A mainland mobile written with the 86 country code, without it (digits only in, as hashed).
CREATE OR REPLACE TEMP MACRO weisu_mobile(d) AS
    CASE WHEN length(d) = 13 AND starts_with(d, '861') AND d[4] BETWEEN '3' AND '9'
         THEN d[3:] ELSE d END;

-- One pass of the masks.
CREATE OR REPLACE TEMP MACRO weisu_mask1(x, p0, r0, p1, r1, p2, r2, p3, r3, p4, r4) AS
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        x, p0, r0, 'g'), p1, r1, 'g'), p2, r2, 'g'), p3, r3, 'g'), p4, r4, 'g');

-- The privacy masks (analytics/privacy.py binds the patterns and replacements), applied twice
-- so adjacent numbers are all caught, and only to text holding a long run of digits.
CREATE OR REPLACE TEMP MACRO weisu_mask(x, p0, r0, p1, r1, p2, r2, p3, r3, p4, r4) AS
    CASE WHEN regexp_matches(x, '[0-9][0-9 ()-]{5,}[0-9]')
         THEN weisu_mask1(weisu_mask1(x, p0, r0, p1, r1, p2, r2, p3, r3, p4, r4),
                          p0, r0, p1, r1, p2, r2, p3, r3, p4, r4)
         ELSE x END;

-- The row hash: DuckDB's 64-bit hash() of the normalised source row, in one place so that the
-- batch (batch_normalised_read.sql) and the stored rows (row_hashes_update.sql) hash alike.
CREATE OR REPLACE TEMP MACRO weisu_row_hash(record_id, received_at, district, street, community,
        category_l1, category_l2, category_l3, appeal_type, channel, content, handling_unit,
        dispatched_at, responded_at, closed_at, updated_at, resolved, satisfied, status,
        caller_hash, address, longitude, latitude) AS
    hash(record_id, received_at, district, street, community, category_l1, category_l2,
         category_l3, appeal_type, channel, content, handling_unit, dispatched_at, responded_at,
         closed_at, updated_at, resolved, satisfied, status, caller_hash, address, longitude,
         latitude);

-- What this DuckDB's hash() gives for a fixed row of the hashed types: when it differs from
-- the value in row_hash_scheme, the stored row hashes were made by another hash() and are
-- recomputed before they are compared.
CREATE OR REPLACE TEMP MACRO weisu_row_hash_probe() AS
    hash('weisu', TIMESTAMP '2024-01-01 08:00:00', TRUE, CAST(116.4 AS DOUBLE),
         CAST(NULL AS VARCHAR), CAST(NULL AS TIMESTAMP));
