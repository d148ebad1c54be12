INSERT INTO ingest_batches (file_path, file_name, sha256, size_bytes, profile, source,
                            started_at, status)
VALUES ($file_path, $file_name, $sha256, $size_bytes, $profile, $source, $started_at, 'running')
RETURNING batch_id;
