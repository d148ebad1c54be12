-- Schema version 7: each night's 每月一题 ranking, and hotspots an analyst can believe.
-- topic_candidates holds the ranking the nightly computed for the month complete that night:
-- every component (NULL where the source lacks it), the components used, the weights as JSON
-- and whether the month was partial. theme_hotspots gains the Benjamini-Hochberg q-value of
-- each cell and where its expectation came from (same season last year, or recent periods).
CREATE TABLE topic_candidates (
    as_of               DATE NOT NULL,
    month               DATE NOT NULL,
    rank                BIGINT NOT NULL,
    theme_id            VARCHAR NOT NULL,
    label               VARCHAR,
    partition           VARCHAR,
    score               DOUBLE NOT NULL,
    c_volume            DOUBLE,
    c_spread            DOUBLE,
    c_spread_growth     DOUBLE,
    c_persistence       DOUBLE,
    c_trend             DOUBLE,
    c_difficulty        DOUBLE,
    c_cross_department  DOUBLE,
    c_continuity        DOUBLE,
    c_forecast          DOUBLE,
    components_used     VARCHAR[] NOT NULL,
    n_month             BIGINT,
    persistence_months  BIGINT,
    resolved_rate       DOUBLE,
    satisfied_rate      DOUBLE,
    weights             VARCHAR NOT NULL,
    partial             BOOLEAN NOT NULL,
    PRIMARY KEY (as_of, month, theme_id)
);
ALTER TABLE theme_hotspots ADD COLUMN q_value DOUBLE;
ALTER TABLE theme_hotspots ADD COLUMN expected_from VARCHAR;
