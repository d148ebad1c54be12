-- Derived categories (registered frame _category_predictions) written onto their complaints:
-- the categories are complaint columns, so this "insert" is an UPDATE marked category_derived.
UPDATE complaints
SET category_l1 = p.category_l1,
    category_l2 = p.category_l2,
    category_derived = TRUE,
    category_confidence = p.category_confidence
FROM _category_predictions p
WHERE complaints.source = p.source AND complaints.record_id = p.record_id;
