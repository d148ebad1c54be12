-- Every theme profile.
SELECT theme_id, partition, label, terms, weights, threshold, founding_size, examples, history_from,
       created_on
FROM themes
ORDER BY theme_id;
