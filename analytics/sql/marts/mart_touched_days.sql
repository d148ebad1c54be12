-- Days to recompute: where changed complaints fall now, and where they were counted before.
CREATE OR REPLACE TEMP TABLE _mart_days AS
SELECT DISTINCT day FROM (
    SELECT day FROM _mart_changed
    UNION ALL
    SELECT r.day FROM mart_record_days r JOIN _mart_changed c USING (source, record_id)
);
