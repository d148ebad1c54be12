INSERT OR REPLACE INTO mart_record_days SELECT source, record_id, day FROM _mart_changed;
