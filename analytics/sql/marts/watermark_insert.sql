INSERT OR REPLACE INTO mart_watermarks VALUES ($mart, $last_batch_id, $refreshed_at);
