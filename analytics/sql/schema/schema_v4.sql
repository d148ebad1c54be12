-- Schema version 4: category classifier, themes, hotspots and 每月一题 topics (issue 5).
-- Besides the four tables named in the migration, it keeps the theme pipeline's own state:
-- theme_pool (unassigned complaints awaiting discovery), theme_runs (the nightly watermark),
-- theme_hotspots and theme_bursts (the latest hotspot results).

-- Fitted category classifiers; model is a pickled analytics.themes.classifier.CategoryModel
-- (written and read only by that module). The newest version is applied.
CREATE TABLE IF NOT EXISTS classifier_models (
    version       INTEGER PRIMARY KEY,
    trained_at    TIMESTAMP NOT NULL,
    as_of         DATE NOT NULL,
    n_train       INTEGER NOT NULL,
    labels        VARCHAR[] NOT NULL,
    accuracy      DOUBLE,
    macro_f1      DOUBLE,
    metrics       JSON,
    model_sha256  VARCHAR NOT NULL,
    model         BLOB NOT NULL
);

-- A theme is a profile of weighted phrases inside a category (partition = category_l1, ''
-- when discovered without categories). Profiles never change once created, so ids are stable.
CREATE TABLE IF NOT EXISTS themes (
    theme_id       VARCHAR PRIMARY KEY,
    partition      VARCHAR NOT NULL,
    label          VARCHAR NOT NULL,
    terms          VARCHAR[] NOT NULL,
    weights        DOUBLE[] NOT NULL,
    threshold      DOUBLE NOT NULL,
    founding_size  INTEGER NOT NULL,
    examples       VARCHAR[],
    history_from   DATE NOT NULL,     -- oldest complaint it could claim when created
    created_on     DATE NOT NULL,
    created_at     TIMESTAMP NOT NULL
);

-- The theme of each assigned complaint (unassigned complaints are in theme_pool instead).
CREATE TABLE IF NOT EXISTS complaint_themes (
    source       VARCHAR NOT NULL,
    record_id    VARCHAR NOT NULL,
    theme_id     VARCHAR NOT NULL,
    score        DOUBLE NOT NULL,
    assigned_on  DATE NOT NULL,
    PRIMARY KEY (source, record_id)
);

-- Recent complaints no theme claimed, with their phrases, so discovery needs no re-segmenting.
CREATE TABLE IF NOT EXISTS theme_pool (
    source       VARCHAR NOT NULL,
    record_id    VARCHAR NOT NULL,
    received_at  TIMESTAMP NOT NULL,
    partition    VARCHAR NOT NULL,
    terms        VARCHAR[] NOT NULL,
    PRIMARY KEY (source, record_id)
);

-- 每月一题 decisions (`weisu topics choose`), read back as the continuity component.
CREATE TABLE IF NOT EXISTS chosen_topics (
    month      DATE NOT NULL,
    theme_id   VARCHAR NOT NULL,
    label      VARCHAR,
    partition  VARCHAR,
    note       VARCHAR,
    chosen_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (month, theme_id)
);

-- One row per refresh; last_batch_id is the watermark of the next night.
CREATE TABLE IF NOT EXISTS theme_runs (
    run_at          TIMESTAMP NOT NULL,
    as_of           DATE NOT NULL,
    last_batch_id   INTEGER NOT NULL,
    complaints      BIGINT NOT NULL,
    classified      BIGINT NOT NULL,
    assigned        BIGINT NOT NULL,
    new_themes      INTEGER NOT NULL,
    model_version   INTEGER,
    seconds         DOUBLE NOT NULL
);

-- Latest hotspot figures per key (theme or category) × area × grain, as of a day.
CREATE TABLE IF NOT EXISTS theme_hotspots (
    as_of             DATE NOT NULL,
    key_kind          VARCHAR NOT NULL,
    key               VARCHAR NOT NULL,
    level             VARCHAR NOT NULL,
    grain             VARCHAR NOT NULL,
    district          VARCHAR,
    area              VARCHAR NOT NULL,
    period            DATE NOT NULL,
    observed          BIGINT NOT NULL,
    expected          DOUBLE NOT NULL,
    excess            DOUBLE NOT NULL,
    z                 DOUBLE NOT NULL,
    p_value           DOUBLE NOT NULL,
    score             DOUBLE NOT NULL,
    spatial_expected  DOUBLE NOT NULL,
    hot               BOOLEAN NOT NULL,
    periods_hot       BIGINT NOT NULL,
    pattern           VARCHAR NOT NULL,
    trend_tau         DOUBLE NOT NULL,
    trend_p           DOUBLE NOT NULL,
    sen_slope         DOUBLE NOT NULL,
    counts            BIGINT[] NOT NULL
);

-- Short bursts (street × week by distinct callers) found in the window ending as_of.
CREATE TABLE IF NOT EXISTS theme_bursts (
    as_of     DATE NOT NULL,
    key_kind  VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    grain     VARCHAR NOT NULL,
    district  VARCHAR,
    area      VARCHAR NOT NULL,
    period    DATE NOT NULL,
    observed  BIGINT NOT NULL,
    expected  DOUBLE NOT NULL,
    score     DOUBLE NOT NULL
);
