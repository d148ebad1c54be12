SELECT day FROM _mart_days ORDER BY day;
