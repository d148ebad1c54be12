-- Schema version 6: complaints without the primary-key index, and a 64-bit row hash.
-- The ingest's classification keeps (source, record_id) unique by itself (one writer, one
-- transaction per batch; the nightly warehouse suite checks the keys), and the ART index
-- cost about 0.6 s per million inserted rows and memory that grows with the history.
-- row_hash becomes DuckDB's hash() of the normalised row (a fifth of md5's cost). hash() is
-- not promised stable across DuckDB releases, so row_hash_scheme keeps the probe value it
-- gave when the stored hashes were computed; the ingest recomputes them when it changes
-- (and for rows copied here, whose hashes start NULL).
CREATE TABLE complaints_v6 (
    source              VARCHAR NOT NULL,
    record_id           VARCHAR NOT NULL,
    received_at         TIMESTAMP NOT NULL,
    district            VARCHAR NOT NULL,
    street              VARCHAR,
    community           VARCHAR,
    category_l1         VARCHAR,
    category_l2         VARCHAR,
    category_l3         VARCHAR,
    appeal_type         VARCHAR,
    channel             VARCHAR,
    content             VARCHAR NOT NULL,
    handling_unit       VARCHAR,
    handling_units      VARCHAR[],
    dispatched_at       TIMESTAMP,
    responded_at        TIMESTAMP,
    closed_at           TIMESTAMP,
    updated_at          TIMESTAMP,
    resolved            BOOLEAN,
    satisfied           BOOLEAN,
    status              VARCHAR,
    caller_hash         VARCHAR,
    address             VARCHAR,
    longitude           DOUBLE,
    latitude            DOUBLE,
    district_derived    BOOLEAN NOT NULL DEFAULT FALSE,
    category_derived    BOOLEAN NOT NULL DEFAULT FALSE,
    category_confidence DOUBLE,
    row_hash            UBIGINT,
    first_batch_id      INTEGER NOT NULL,
    batch_id            INTEGER NOT NULL
);

INSERT INTO complaints_v6 BY NAME
SELECT * REPLACE (CAST(NULL AS UBIGINT) AS row_hash)
FROM complaints;

DROP TABLE complaints;
ALTER TABLE complaints_v6 RENAME TO complaints;

CREATE TABLE IF NOT EXISTS row_hash_scheme (
    probe       UBIGINT NOT NULL,
    computed_at TIMESTAMP NOT NULL
);
