-- Schema version 5: one night's 三率 rankings, street watch list and 每月一题 topic impact
-- (issue 8), written by analytics.performance.night and read by the reports.
-- Every table is keyed by the night (as_of): a rerun of a night replaces its rows in one
-- transaction, other nights stay as history. month is the month ranked (that of as_of − 1 day).

-- One row per night the step ran; the reports read the newest night on or before theirs.
CREATE TABLE IF NOT EXISTS performance_runs (
    as_of          DATE PRIMARY KEY,
    run_id         VARCHAR NOT NULL,
    month          DATE NOT NULL,
    data_through   DATE NOT NULL,
    computed_at    TIMESTAMP NOT NULL,
    seconds        DOUBLE NOT NULL,
    districts      INTEGER NOT NULL,
    streets        INTEGER NOT NULL,
    units          INTEGER NOT NULL,
    watch_list     INTEGER NOT NULL,
    impacts        INTEGER NOT NULL,
    impacts_skipped INTEGER NOT NULL
);

-- 三率 and on-time rates (counts, rate, 95% Wilson bounds) and the competition rank of every
-- district, street and handling unit (level) in month, with movement since the month before.
-- Only the key columns of the row's level are set (street rows carry their district).
CREATE TABLE IF NOT EXISTS unit_rankings (
    as_of                     DATE NOT NULL,
    month                     DATE NOT NULL,
    run_id                    VARCHAR NOT NULL,
    level                     VARCHAR NOT NULL,
    district                  VARCHAR,
    street                    VARCHAR,
    handling_unit             VARCHAR,
    complaints                BIGINT NOT NULL,
    responded                 BIGINT NOT NULL,
    resolution_rated          BIGINT NOT NULL,
    resolved_n                BIGINT NOT NULL,
    satisfaction_rated        BIGINT NOT NULL,
    satisfied_n               BIGINT NOT NULL,
    dispatched                BIGINT NOT NULL,
    dispatched_on_time        BIGINT NOT NULL,
    closed                    BIGINT NOT NULL,
    closed_on_time            BIGINT NOT NULL,
    response                  DOUBLE,
    response_lo               DOUBLE,
    response_hi               DOUBLE,
    resolution                DOUBLE,
    resolution_lo             DOUBLE,
    resolution_hi             DOUBLE,
    satisfaction              DOUBLE,
    satisfaction_lo           DOUBLE,
    satisfaction_hi           DOUBLE,
    dispatch_on_time          DOUBLE,
    dispatch_on_time_lo       DOUBLE,
    dispatch_on_time_hi       DOUBLE,
    close_on_time             DOUBLE,
    close_on_time_lo          DOUBLE,
    close_on_time_hi          DOUBLE,
    composite                 DOUBLE,
    rank                      INTEGER,
    rank_in_district          INTEGER,
    previous_rank             INTEGER,
    previous_rank_in_district INTEGER,
    rank_change               INTEGER,
    rank_in_district_change   INTEGER,
    new_entry                 BOOLEAN NOT NULL
);

-- Every street's risk components (window_start … window_end) with its percentile per
-- component (pct_*, 1 = riskiest), the weighted risk_score, the reasons (components at or above
-- the 80th percentile) and whether it is on the night's watch list (治理类街乡 candidates).
-- problem_issue is a category, or 'theme:<theme_id>' when the issue is a theme.
CREATE TABLE IF NOT EXISTS street_risk (
    as_of                DATE NOT NULL,
    month                DATE NOT NULL,
    run_id               VARCHAR NOT NULL,
    window_start         DATE NOT NULL,
    window_end           DATE NOT NULL,
    risk_rank            INTEGER NOT NULL,
    on_watch_list        BOOLEAN NOT NULL,
    district             VARCHAR NOT NULL,
    street               VARCHAR NOT NULL,
    complaints           BIGINT NOT NULL,
    repeats              BIGINT NOT NULL,
    repeat_share         DOUBLE,
    concentration        DOUBLE,
    resolution_rated     BIGINT NOT NULL,
    resolved_n           BIGINT NOT NULL,
    resolution           DOUBLE,
    resolution_before    DOUBLE,
    resolution_change    DOUBLE,
    satisfaction_rated   BIGINT NOT NULL,
    satisfied_n          BIGINT NOT NULL,
    satisfaction         DOUBLE,
    unresolved_excess    DOUBLE,
    dissatisfied_excess  DOUBLE,
    problem_issue        VARCHAR,
    problem_score        DOUBLE,
    problem_bad          BIGINT,
    issue_complaints     BIGINT,
    pct_problem_score        DOUBLE,
    pct_concentration        DOUBLE,
    pct_repeat_share         DOUBLE,
    pct_unresolved_excess    DOUBLE,
    pct_dissatisfied_excess  DOUBLE,
    pct_resolution_fall      DOUBLE,
    risk_score           DOUBLE NOT NULL,
    reasons              VARCHAR[] NOT NULL
);

-- The measured effect of each chosen 每月一题 theme (start = the first month it was chosen):
-- actual complaints from the start through post_last against a seasonal counterfactual, and
-- resolution / satisfaction counts before and after. status 'skipped' rows carry only the note
-- saying why (too little history, start month not complete yet, no complaints match).
CREATE TABLE IF NOT EXISTS topic_impacts (
    as_of                      DATE NOT NULL,
    run_id                     VARCHAR NOT NULL,
    theme_id                   VARCHAR NOT NULL,
    label                      VARCHAR,
    start                      DATE NOT NULL,
    status                     VARCHAR NOT NULL,
    note                       VARCHAR,
    post_first                 DATE,
    post_last                  DATE,
    actual                     BIGINT,
    expected                   DOUBLE,
    expected_lo                DOUBLE,
    expected_hi                DOUBLE,
    relative_change            DOUBLE,
    relative_lo                DOUBLE,
    relative_hi                DOUBLE,
    p_value                    DOUBLE,
    call                       VARCHAR,
    pre_months                 INTEGER,
    trend                      BOOLEAN,
    dispersion                 DOUBLE,
    before_first               DATE,
    before_last                DATE,
    complaints_before          BIGINT,
    resolution_rated_before    BIGINT,
    resolved_before            BIGINT,
    satisfaction_rated_before  BIGINT,
    satisfied_before           BIGINT,
    complaints_after           BIGINT,
    resolution_rated_after     BIGINT,
    resolved_after             BIGINT,
    satisfaction_rated_after   BIGINT,
    satisfied_after            BIGINT,
    PRIMARY KEY (as_of, theme_id)
);

-- The monthly series behind each impact: actual complaints, and from the start on the
-- counterfactual's expectation with its 95% predictive band (phase 'pre' | 'post').
CREATE TABLE IF NOT EXISTS topic_impact_months (
    as_of        DATE NOT NULL,
    theme_id     VARCHAR NOT NULL,
    month        DATE NOT NULL,
    phase        VARCHAR NOT NULL,
    complaints   BIGINT NOT NULL,
    expected     DOUBLE,
    expected_lo  DOUBLE,
    expected_hi  DOUBLE,
    PRIMARY KEY (as_of, theme_id, month)
);
