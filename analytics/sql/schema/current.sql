-- The current warehouse schema, generated from a freshly migrated database by
-- `python scripts/schema_snapshot.py`; a test keeps it equal. Do not edit: add a migration.

-- table chosen_topics
CREATE TABLE chosen_topics("month" DATE, theme_id VARCHAR, "label" VARCHAR, "partition" VARCHAR, note VARCHAR, chosen_at TIMESTAMP NOT NULL, PRIMARY KEY("month", theme_id));

-- table classifier_models
CREATE TABLE classifier_models("version" INTEGER PRIMARY KEY, trained_at TIMESTAMP NOT NULL, as_of DATE NOT NULL, n_train INTEGER NOT NULL, labels VARCHAR[] NOT NULL, accuracy DOUBLE, macro_f1 DOUBLE, metrics JSON, model_sha256 VARCHAR NOT NULL, model BLOB NOT NULL);

-- table complaint_themes
CREATE TABLE complaint_themes("source" VARCHAR, record_id VARCHAR, theme_id VARCHAR NOT NULL, score DOUBLE NOT NULL, assigned_on DATE NOT NULL, PRIMARY KEY("source", record_id));

-- table complaints
CREATE TABLE complaints("source" VARCHAR NOT NULL, record_id VARCHAR NOT NULL, received_at TIMESTAMP NOT NULL, district VARCHAR NOT NULL, street VARCHAR, community VARCHAR, category_l1 VARCHAR, category_l2 VARCHAR, category_l3 VARCHAR, appeal_type VARCHAR, channel VARCHAR, "content" VARCHAR NOT NULL, handling_unit VARCHAR, handling_units VARCHAR[], dispatched_at TIMESTAMP, responded_at TIMESTAMP, closed_at TIMESTAMP, updated_at TIMESTAMP, resolved BOOLEAN, satisfied BOOLEAN, status VARCHAR, caller_hash VARCHAR, address VARCHAR, longitude DOUBLE, latitude DOUBLE, district_derived BOOLEAN DEFAULT(false) NOT NULL, category_derived BOOLEAN DEFAULT(false) NOT NULL, category_confidence DOUBLE, row_hash UBIGINT, first_batch_id INTEGER NOT NULL, batch_id INTEGER NOT NULL);

-- table daily_counts
CREATE TABLE daily_counts("day" DATE, "source" VARCHAR, district VARCHAR, street VARCHAR, category_l1 VARCHAR, category_l2 VARCHAR, complaints BIGINT NOT NULL, responded BIGINT NOT NULL, closed BIGINT NOT NULL, resolved BIGINT NOT NULL, resolved_rated BIGINT NOT NULL, satisfied BIGINT NOT NULL, satisfied_rated BIGINT NOT NULL, PRIMARY KEY("day", "source", district, street, category_l1, category_l2));

-- table early_warnings
CREATE TABLE early_warnings(run_id VARCHAR, as_of DATE NOT NULL, unique_id VARCHAR, model VARCHAR NOT NULL, window_days INTEGER, basis VARCHAR, period_start DATE NOT NULL, period_end DATE NOT NULL, forecast DOUBLE NOT NULL, lower DOUBLE NOT NULL, baseline DOUBLE NOT NULL, excess DOUBLE NOT NULL, ratio DOUBLE, PRIMARY KEY(run_id, unique_id, window_days, basis));

-- table forecast_metrics
CREATE TABLE forecast_metrics(run_id VARCHAR, unique_id VARCHAR, model VARCHAR, fold INTEGER, metric VARCHAR, "value" DOUBLE, PRIMARY KEY(run_id, unique_id, model, fold, metric));

-- table forecasts
CREATE TABLE forecasts(run_id VARCHAR, as_of DATE NOT NULL, unique_id VARCHAR, model VARCHAR, ds DATE, yhat DOUBLE NOT NULL, lo80 DOUBLE NOT NULL, hi80 DOUBLE NOT NULL, lo95 DOUBLE NOT NULL, hi95 DOUBLE NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY(run_id, unique_id, model, ds));

-- table ingest_batches
CREATE TABLE ingest_batches(batch_id INTEGER DEFAULT(nextval('batch_id_seq')) PRIMARY KEY, file_path VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size_bytes BIGINT NOT NULL, profile VARCHAR NOT NULL, "source" VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL, rows_read BIGINT DEFAULT(0) NOT NULL, rows_loaded BIGINT DEFAULT(0) NOT NULL, rows_updated BIGINT DEFAULT(0) NOT NULL, rows_duplicate BIGINT DEFAULT(0) NOT NULL, rows_quarantined BIGINT DEFAULT(0) NOT NULL, message VARCHAR);

-- table mart_record_days
CREATE TABLE mart_record_days("source" VARCHAR, record_id VARCHAR, "day" DATE NOT NULL, PRIMARY KEY("source", record_id));

-- table mart_watermarks
CREATE TABLE mart_watermarks(mart VARCHAR PRIMARY KEY, last_batch_id INTEGER NOT NULL, refreshed_at TIMESTAMP NOT NULL);

-- table nightly_runs
CREATE TABLE nightly_runs(run_id VARCHAR NOT NULL, as_of DATE NOT NULL, finished_at TIMESTAMP NOT NULL, files INTEGER NOT NULL, files_failed INTEGER NOT NULL, rows_new BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL, status VARCHAR NOT NULL, reason VARCHAR);

-- table performance_runs
CREATE TABLE performance_runs(as_of DATE PRIMARY KEY, run_id VARCHAR NOT NULL, "month" DATE NOT NULL, data_through DATE NOT NULL, computed_at TIMESTAMP NOT NULL, "seconds" DOUBLE NOT NULL, districts INTEGER NOT NULL, streets INTEGER NOT NULL, units INTEGER NOT NULL, watch_list INTEGER NOT NULL, impacts INTEGER NOT NULL, impacts_skipped INTEGER NOT NULL);

-- table quarantine
CREATE TABLE quarantine(batch_id INTEGER NOT NULL, row_number BIGINT NOT NULL, record_id VARCHAR, reasons VARCHAR[] NOT NULL, raw JSON NOT NULL);

-- table row_hash_scheme
CREATE TABLE row_hash_scheme(probe UBIGINT NOT NULL, computed_at TIMESTAMP NOT NULL);

-- table schema_version
CREATE TABLE schema_version("version" INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT(current_timestamp) NOT NULL, description VARCHAR NOT NULL);

-- table street_risk
CREATE TABLE street_risk(as_of DATE NOT NULL, "month" DATE NOT NULL, run_id VARCHAR NOT NULL, window_start DATE NOT NULL, window_end DATE NOT NULL, risk_rank INTEGER NOT NULL, on_watch_list BOOLEAN NOT NULL, district VARCHAR NOT NULL, street VARCHAR NOT NULL, complaints BIGINT NOT NULL, repeats BIGINT NOT NULL, repeat_share DOUBLE, concentration DOUBLE, resolution_rated BIGINT NOT NULL, resolved_n BIGINT NOT NULL, resolution DOUBLE, resolution_before DOUBLE, resolution_change DOUBLE, satisfaction_rated BIGINT NOT NULL, satisfied_n BIGINT NOT NULL, satisfaction DOUBLE, unresolved_excess DOUBLE, dissatisfied_excess DOUBLE, problem_issue VARCHAR, problem_score DOUBLE, problem_bad BIGINT, issue_complaints BIGINT, pct_problem_score DOUBLE, pct_concentration DOUBLE, pct_repeat_share DOUBLE, pct_unresolved_excess DOUBLE, pct_dissatisfied_excess DOUBLE, pct_resolution_fall DOUBLE, risk_score DOUBLE NOT NULL, reasons VARCHAR[] NOT NULL);

-- table theme_bursts
CREATE TABLE theme_bursts(as_of DATE NOT NULL, key_kind VARCHAR NOT NULL, "key" VARCHAR NOT NULL, grain VARCHAR NOT NULL, district VARCHAR, area VARCHAR NOT NULL, period DATE NOT NULL, observed BIGINT NOT NULL, expected DOUBLE NOT NULL, score DOUBLE NOT NULL);

-- table theme_hotspots
CREATE TABLE theme_hotspots(as_of DATE NOT NULL, key_kind VARCHAR NOT NULL, "key" VARCHAR NOT NULL, "level" VARCHAR NOT NULL, grain VARCHAR NOT NULL, district VARCHAR, area VARCHAR NOT NULL, period DATE NOT NULL, observed BIGINT NOT NULL, expected DOUBLE NOT NULL, excess DOUBLE NOT NULL, z DOUBLE NOT NULL, p_value DOUBLE NOT NULL, score DOUBLE NOT NULL, spatial_expected DOUBLE NOT NULL, hot BOOLEAN NOT NULL, periods_hot BIGINT NOT NULL, pattern VARCHAR NOT NULL, trend_tau DOUBLE NOT NULL, trend_p DOUBLE NOT NULL, sen_slope DOUBLE NOT NULL, counts BIGINT[] NOT NULL, q_value DOUBLE, expected_from VARCHAR);

-- table theme_pool
CREATE TABLE theme_pool("source" VARCHAR, record_id VARCHAR, received_at TIMESTAMP NOT NULL, "partition" VARCHAR NOT NULL, terms VARCHAR[] NOT NULL, PRIMARY KEY("source", record_id));

-- table theme_runs
CREATE TABLE theme_runs(run_at TIMESTAMP NOT NULL, as_of DATE NOT NULL, last_batch_id INTEGER NOT NULL, complaints BIGINT NOT NULL, classified BIGINT NOT NULL, assigned BIGINT NOT NULL, new_themes INTEGER NOT NULL, model_version INTEGER, "seconds" DOUBLE NOT NULL);

-- table themes
CREATE TABLE themes(theme_id VARCHAR PRIMARY KEY, "partition" VARCHAR NOT NULL, "label" VARCHAR NOT NULL, terms VARCHAR[] NOT NULL, weights DOUBLE[] NOT NULL, threshold DOUBLE NOT NULL, founding_size INTEGER NOT NULL, examples VARCHAR[], history_from DATE NOT NULL, created_on DATE NOT NULL, created_at TIMESTAMP NOT NULL);

-- table topic_candidates
CREATE TABLE topic_candidates(as_of DATE, "month" DATE, rank BIGINT NOT NULL, theme_id VARCHAR, "label" VARCHAR, "partition" VARCHAR, score DOUBLE NOT NULL, c_volume DOUBLE, c_spread DOUBLE, c_spread_growth DOUBLE, c_persistence DOUBLE, c_trend DOUBLE, c_difficulty DOUBLE, c_cross_department DOUBLE, c_continuity DOUBLE, c_forecast DOUBLE, components_used VARCHAR[] NOT NULL, n_month BIGINT, persistence_months BIGINT, resolved_rate DOUBLE, satisfied_rate DOUBLE, weights VARCHAR NOT NULL, "partial" BOOLEAN NOT NULL, PRIMARY KEY(as_of, "month", theme_id));

-- table topic_impact_months
CREATE TABLE topic_impact_months(as_of DATE, theme_id VARCHAR, "month" DATE, phase VARCHAR NOT NULL, complaints BIGINT NOT NULL, expected DOUBLE, expected_lo DOUBLE, expected_hi DOUBLE, PRIMARY KEY(as_of, theme_id, "month"));

-- table topic_impacts
CREATE TABLE topic_impacts(as_of DATE, run_id VARCHAR NOT NULL, theme_id VARCHAR, "label" VARCHAR, "start" DATE NOT NULL, status VARCHAR NOT NULL, note VARCHAR, post_first DATE, post_last DATE, actual BIGINT, expected DOUBLE, expected_lo DOUBLE, expected_hi DOUBLE, relative_change DOUBLE, relative_lo DOUBLE, relative_hi DOUBLE, p_value DOUBLE, "call" VARCHAR, pre_months INTEGER, trend BOOLEAN, dispersion DOUBLE, before_first DATE, before_last DATE, complaints_before BIGINT, resolution_rated_before BIGINT, resolved_before BIGINT, satisfaction_rated_before BIGINT, satisfied_before BIGINT, complaints_after BIGINT, resolution_rated_after BIGINT, resolved_after BIGINT, satisfaction_rated_after BIGINT, satisfied_after BIGINT, PRIMARY KEY(as_of, theme_id));

-- table unit_rankings
CREATE TABLE unit_rankings(as_of DATE NOT NULL, "month" DATE NOT NULL, run_id VARCHAR NOT NULL, "level" VARCHAR NOT NULL, district VARCHAR, street VARCHAR, handling_unit VARCHAR, complaints BIGINT NOT NULL, responded BIGINT NOT NULL, resolution_rated BIGINT NOT NULL, resolved_n BIGINT NOT NULL, satisfaction_rated BIGINT NOT NULL, satisfied_n BIGINT NOT NULL, dispatched BIGINT NOT NULL, dispatched_on_time BIGINT NOT NULL, closed BIGINT NOT NULL, closed_on_time BIGINT NOT NULL, response DOUBLE, response_lo DOUBLE, response_hi DOUBLE, resolution DOUBLE, resolution_lo DOUBLE, resolution_hi DOUBLE, satisfaction DOUBLE, satisfaction_lo DOUBLE, satisfaction_hi DOUBLE, dispatch_on_time DOUBLE, dispatch_on_time_lo DOUBLE, dispatch_on_time_hi DOUBLE, close_on_time DOUBLE, close_on_time_lo DOUBLE, close_on_time_hi DOUBLE, composite DOUBLE, rank INTEGER, rank_in_district INTEGER, previous_rank INTEGER, previous_rank_in_district INTEGER, rank_change INTEGER, rank_in_district_change INTEGER, new_entry BOOLEAN NOT NULL);

-- table validation_results
CREATE TABLE validation_results(run_id VARCHAR NOT NULL, suite VARCHAR NOT NULL, expectation VARCHAR NOT NULL, column_name VARCHAR, success BOOLEAN NOT NULL, observed VARCHAR, severity VARCHAR NOT NULL, checked_at TIMESTAMP NOT NULL);

-- sequence batch_id_seq
CREATE SEQUENCE batch_id_seq INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START 1 NO CYCLE;
