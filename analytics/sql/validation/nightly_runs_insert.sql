INSERT INTO nightly_runs VALUES ($run_id, $as_of, $finished_at, $files, $files_failed,
                                 $rows_new, $rows_quarantined, $status, $reason);
