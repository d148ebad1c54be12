-- Schema version 1: the complaint warehouse, its batches and its quarantine.
CREATE SEQUENCE IF NOT EXISTS batch_id_seq START 1;

CREATE TABLE IF NOT EXISTS ingest_batches (
    batch_id           INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
    file_path          VARCHAR NOT NULL,
    file_name          VARCHAR NOT NULL,
    sha256             VARCHAR NOT NULL,
    size_bytes         BIGINT NOT NULL,
    profile            VARCHAR NOT NULL,
    source             VARCHAR NOT NULL,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL,
    rows_read          BIGINT NOT NULL DEFAULT 0,
    rows_loaded        BIGINT NOT NULL DEFAULT 0,
    rows_updated       BIGINT NOT NULL DEFAULT 0,
    rows_duplicate     BIGINT NOT NULL DEFAULT 0,
    rows_quarantined   BIGINT NOT NULL DEFAULT 0,
    message            VARCHAR
);

CREATE TABLE IF NOT EXISTS complaints (
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
    row_hash            VARCHAR NOT NULL,
    first_batch_id      INTEGER NOT NULL,
    batch_id            INTEGER NOT NULL,
    PRIMARY KEY (source, record_id)
);

CREATE TABLE IF NOT EXISTS quarantine (
    batch_id     INTEGER NOT NULL,
    row_number   BIGINT NOT NULL,
    record_id    VARCHAR,
    reasons      VARCHAR[] NOT NULL,
    raw          JSON NOT NULL
);
