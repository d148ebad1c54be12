DROP TABLE IF EXISTS temp._mart_changed;
DROP TABLE IF EXISTS temp._mart_days;
