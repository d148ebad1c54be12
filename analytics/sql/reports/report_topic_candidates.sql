-- Every 每月一题 candidate row (schema v4); the report filters the month and ranks in Python
-- because the candidate columns are read from the catalog.
SELECT * FROM topic_candidates;
