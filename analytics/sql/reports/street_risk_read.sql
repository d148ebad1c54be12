-- One night's street risk rows, riskiest first.
SELECT *
FROM street_risk
WHERE as_of = CAST($as_of AS DATE)
ORDER BY risk_rank;
