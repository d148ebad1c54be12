-- Record that the performance step ran for a night, with what it counted.
INSERT INTO performance_runs
VALUES ($as_of, $run_id, $month, $data_through, $computed_at, $seconds, $districts, $streets,
        $units, $watch_list, $impacts, $impacts_skipped);
