SELECT CAST(min(received_at) AS DATE), CAST(max(received_at) AS DATE) FROM complaints;
