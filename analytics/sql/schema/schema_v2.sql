-- Schema version 2: the daily_counts mart, its bookkeeping, validation results and the night log.

-- 三率 inputs per day × place × category; '' stands for a missing street or category.
CREATE TABLE IF NOT EXISTS daily_counts (
    day              DATE NOT NULL,
    source           VARCHAR NOT NULL,
    district         VARCHAR NOT NULL,
    street           VARCHAR NOT NULL,
    category_l1      VARCHAR NOT NULL,
    category_l2      VARCHAR NOT NULL,
    complaints       BIGINT NOT NULL,
    responded        BIGINT NOT NULL,
    closed           BIGINT NOT NULL,
    resolved         BIGINT NOT NULL,
    resolved_rated   BIGINT NOT NULL,
    satisfied        BIGINT NOT NULL,
    satisfied_rated  BIGINT NOT NULL,
    PRIMARY KEY (day, source, district, street, category_l1, category_l2)
);

-- The day each complaint was last counted under, so an update that moves received_at
-- also refreshes the day it left.
CREATE TABLE IF NOT EXISTS mart_record_days (
    source     VARCHAR NOT NULL,
    record_id  VARCHAR NOT NULL,
    day        DATE NOT NULL,
    PRIMARY KEY (source, record_id)
);

-- The last ingest batch each mart has absorbed.
CREATE TABLE IF NOT EXISTS mart_watermarks (
    mart          VARCHAR PRIMARY KEY,
    last_batch_id INTEGER NOT NULL,
    refreshed_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS validation_results (
    run_id       VARCHAR NOT NULL,
    suite        VARCHAR NOT NULL,
    expectation  VARCHAR NOT NULL,
    column_name  VARCHAR,
    success      BOOLEAN NOT NULL,
    observed     VARCHAR,
    severity     VARCHAR NOT NULL,
    checked_at   TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS nightly_runs (
    run_id            VARCHAR NOT NULL,
    as_of             DATE NOT NULL,
    finished_at       TIMESTAMP NOT NULL,
    files             INTEGER NOT NULL,
    files_failed      INTEGER NOT NULL,
    rows_new          BIGINT NOT NULL,
    rows_quarantined  BIGINT NOT NULL,
    status            VARCHAR NOT NULL,
    reason            VARCHAR
);
