-- Forget one night's performance rows (schema v5), so re-running the night replaces them.
DELETE FROM performance_runs WHERE as_of = $as_of;
DELETE FROM unit_rankings WHERE as_of = $as_of;
DELETE FROM street_risk WHERE as_of = $as_of;
DELETE FROM topic_impacts WHERE as_of = $as_of;
DELETE FROM topic_impact_months WHERE as_of = $as_of;
