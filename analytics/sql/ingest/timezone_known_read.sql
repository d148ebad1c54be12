-- Whether DuckDB knows a profile's time zone (an unknown one would fail the batch's timestamps).
SELECT count(*) > 0 AS known FROM pg_timezone_names() WHERE name = $timezone;
