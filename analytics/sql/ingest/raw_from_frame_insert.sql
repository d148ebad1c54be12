-- _raw: a source read into memory (Excel, JSON, Parquet), registered as the view _raw_frame.
CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM _raw_frame;
