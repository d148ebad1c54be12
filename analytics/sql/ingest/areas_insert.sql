-- _area_districts(alias, district) and _area_streets(district, alias, street): the profile's
-- place aliases (registered as _area_districts_frame and _area_streets_frame) that
-- batch_normalised_read.sql joins on.
CREATE OR REPLACE TEMP TABLE _area_districts AS SELECT * FROM _area_districts_frame;

CREATE OR REPLACE TEMP TABLE _area_streets AS SELECT * FROM _area_streets_frame;
