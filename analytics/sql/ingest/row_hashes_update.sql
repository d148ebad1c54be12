-- Recompute every stored row hash with this DuckDB's hash(), then record its probe value.
-- Categories the classifier filled in were empty in the source row, so they hash as NULL.
UPDATE complaints
SET row_hash = weisu_row_hash(record_id, received_at, district, street, community,
        CASE WHEN category_derived THEN NULL ELSE category_l1 END,
        CASE WHEN category_derived THEN NULL ELSE category_l2 END,
        category_l3, appeal_type, channel, content, handling_unit, dispatched_at, responded_at,
        closed_at, updated_at, resolved, satisfied, status, caller_hash, address, longitude,
        latitude);

DELETE FROM row_hash_scheme;

INSERT INTO row_hash_scheme (probe, computed_at) VALUES (weisu_row_hash_probe(), $now);
