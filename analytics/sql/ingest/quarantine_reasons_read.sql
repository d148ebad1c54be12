-- Quarantined rows per reason (a row with two reasons counts under each).
SELECT reason, count(*) AS rows
FROM (SELECT unnest(reasons) AS reason FROM quarantine)
GROUP BY reason
ORDER BY rows DESC, reason;
