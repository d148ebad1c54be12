DELETE FROM daily_counts;
DELETE FROM mart_record_days;
