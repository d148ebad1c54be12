-- Schema version 3: forecasts, their backtest metrics and the early warnings drawn from them.

-- Daily forecasts per series; model is the model used for that series ('bottom_up' for
-- aggregates summed from their children). lo/hi are the 80% and 95% interval bounds.
CREATE TABLE IF NOT EXISTS forecasts (
    run_id      VARCHAR NOT NULL,
    as_of       DATE NOT NULL,
    unique_id   VARCHAR NOT NULL,
    model       VARCHAR NOT NULL,
    ds          DATE NOT NULL,
    yhat        DOUBLE NOT NULL,
    lo80        DOUBLE NOT NULL,
    hi80        DOUBLE NOT NULL,
    lo95        DOUBLE NOT NULL,
    hi95        DOUBLE NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, unique_id, model, ds)
);

-- Rolling-origin backtest metrics (mase, smape, bias, coverage80, coverage95) per fold.
CREATE TABLE IF NOT EXISTS forecast_metrics (
    run_id      VARCHAR NOT NULL,
    unique_id   VARCHAR NOT NULL,
    model       VARCHAR NOT NULL,
    fold        INTEGER NOT NULL,
    metric      VARCHAR NOT NULL,
    value       DOUBLE,
    PRIMARY KEY (run_id, unique_id, model, fold, metric)
);

-- Series whose next window_days are forecast clearly above a baseline (basis: last_year|recent).
CREATE TABLE IF NOT EXISTS early_warnings (
    run_id        VARCHAR NOT NULL,
    as_of         DATE NOT NULL,
    unique_id     VARCHAR NOT NULL,
    model         VARCHAR NOT NULL,
    window_days   INTEGER NOT NULL,
    basis         VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    forecast      DOUBLE NOT NULL,
    lower         DOUBLE NOT NULL,
    baseline      DOUBLE NOT NULL,
    excess        DOUBLE NOT NULL,
    ratio         DOUBLE,
    PRIMARY KEY (run_id, unique_id, window_days, basis)
);
