-- First and last receipt time in the warehouse.
SELECT min(received_at) AS first_received, max(received_at) AS last_received FROM complaints;
