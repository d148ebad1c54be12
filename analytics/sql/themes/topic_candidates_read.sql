-- The newest stored ranking of $month (the latest night that ranked it), by rank.
SELECT *
FROM topic_candidates
WHERE month = $month
  AND as_of = (SELECT max(as_of) FROM topic_candidates WHERE month = $month)
ORDER BY rank;
