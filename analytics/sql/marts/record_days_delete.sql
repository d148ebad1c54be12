DELETE FROM mart_record_days WHERE day IN (SELECT day FROM _mart_days);
