DELETE FROM daily_counts WHERE day IN (SELECT day FROM _mart_days);
