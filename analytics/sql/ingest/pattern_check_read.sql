-- Whether DuckDB (RE2) accepts a profile's regular expression: a bad one raises when bound.
SELECT regexp_matches('', $pattern) AS matched;
