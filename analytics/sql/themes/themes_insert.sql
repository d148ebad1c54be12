-- New themes with their examples (registered frame _theme_rows); ids are content hashes, so a
-- known id is skipped.
INSERT INTO themes
SELECT r.theme_id, r.partition, r.label, r.terms, r.weights, r.threshold, r.founding_size,
       r.examples, r.history_from, r.created_on, r.created_at
FROM _theme_rows r
WHERE r.theme_id NOT IN (SELECT theme_id FROM themes);
