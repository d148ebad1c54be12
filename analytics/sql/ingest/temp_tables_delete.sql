-- The batch's working tables, dropped whether it committed or not.
DROP TABLE IF EXISTS temp._raw;
DROP TABLE IF EXISTS temp._norm;
DROP TABLE IF EXISTS temp._classified;
DROP TABLE IF EXISTS temp._area_districts;
DROP TABLE IF EXISTS temp._area_streets;
DROP TABLE IF EXISTS temp.reject_errors;
DROP TABLE IF EXISTS temp.reject_scans;
