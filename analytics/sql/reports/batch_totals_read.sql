-- Totals over every batch: how many, how many failed, rows loaded and quarantined.
SELECT count(*)                                        AS batches,
       count(*) FILTER (WHERE status = 'failed')       AS failed,
       coalesce(sum(rows_loaded), 0)::BIGINT           AS rows_loaded,
       coalesce(sum(rows_quarantined), 0)::BIGINT      AS rows_quarantined
FROM ingest_batches;
