-- The 每月一题 ranking stored on one night (registered frame _candidate_rows), replacing that
-- night's.
DELETE FROM topic_candidates WHERE as_of = $as_of;
INSERT INTO topic_candidates BY NAME
SELECT * FROM _candidate_rows;
