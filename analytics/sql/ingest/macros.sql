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

-- A text without NUL bytes (a C string ends at one: viewers, drivers and exports cut the text
-- there or choke). contains() is a byte search: only texts holding one pay for the copy.
CREATE OR REPLACE TEMP MACRO weisu_no_nul(x) AS
    CASE WHEN contains(x, chr(0)) THEN replace(x, chr(0), '') ELSE x END;

-- A mapped text (see weisu_text) without NUL bytes: trimmed, and blank as NULL, once more when
-- they are gone.
CREATE OR REPLACE TEMP MACRO weisu_clean(x) AS
    CASE WHEN contains(x, chr(0)) THEN weisu_text(replace(x, chr(0), '')) ELSE x END;

-- One script's three privacy masks (an ID, a phone number, a labelled phone number) from i
-- on: p the patterns, r the replacements. analytics/privacy.py binds them as lists; bound,
-- they are constants, so each regular expression compiles once per query and thread (a few
-- milliseconds each: they are large, so the macro holds each of them once).
CREATE OR REPLACE TEMP MACRO weisu_mask3(x, p, r, i) AS
    regexp_replace(regexp_replace(regexp_replace(
        x, p[i], r[i], 'g'), p[i + 1], r[i + 1], 'g'), p[i + 2], r[i + 2], 'g');

-- Phone and ID numbers masked in x, which the prefilter find[1] (seven digit-like characters
-- in a row, any script) says may hold one: Chinese-numeral masks (1-3) where find[2] (seven
-- Chinese numerals) says so, then digit masks (4-6).
CREATE OR REPLACE TEMP MACRO weisu_masked(x, find, p, r) AS
    weisu_mask3(CASE WHEN regexp_matches(x, find[2]) THEN weisu_mask3(x, p, r, 1) ELSE x END, p, r, 4);

-- Phone and ID numbers masked in any text.
CREATE OR REPLACE TEMP MACRO weisu_mask(x, find, p, r) AS
    CASE WHEN regexp_matches(x, find[1]) THEN weisu_masked(x, find, p, r) ELSE x END;

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
