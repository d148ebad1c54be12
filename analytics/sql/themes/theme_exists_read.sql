-- Whether a theme id is known.
SELECT count(*) > 0 AS known FROM themes WHERE theme_id = $theme_id;
