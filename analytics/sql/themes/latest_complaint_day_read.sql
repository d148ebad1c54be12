-- The day of the newest complaint (NULL in an empty warehouse).
SELECT max(received_at)::DATE AS day FROM complaints;
