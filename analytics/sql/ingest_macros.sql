-- Helpers for normalised_batch.sql; temporary, so they live only in the ingesting connection.
CREATE OR REPLACE TEMP MACRO weisu_key(x) AS
    upper(regexp_replace(trim(x), '[\s\x{3000}]+', '', 'g'));

-- A timestamp from text: year-first text (YYYY-..., YYYY/...) by the fast cast unless it
-- carries an offset; else the profile's naive formats; else ISO with an offset (converted to
-- the source's zone); else Excel serial day numbers when the profile allows them.
CREATE OR REPLACE TEMP MACRO weisu_has_offset(x) AS
    suffix(x, 'Z') OR regexp_full_match(right(x, 6), '[+-][0-9]{2}:?[0-9]{2}');

CREATE OR REPLACE TEMP MACRO weisu_ts(x, formats, tz_formats, tz, excel) AS
    coalesce(
        CASE WHEN regexp_full_match(left(x, 5), '[0-9]{4}[-/]') AND NOT weisu_has_offset(x)
             THEN try_cast(x AS TIMESTAMP) END,
        try_strptime(x, formats),
        try_strptime(x, tz_formats) AT TIME ZONE tz,
        CASE WHEN excel AND regexp_full_match(x, '[1-9][0-9]{4}(\.[0-9]+)?')
             THEN TIMESTAMP '1899-12-30'
                  + to_microseconds(CAST(round(CAST(x AS DOUBLE) * 86400000000) AS BIGINT))
        END);

CREATE OR REPLACE TEMP MACRO weisu_digits(x) AS regexp_replace(x, '[^0-9]', '', 'g');

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
