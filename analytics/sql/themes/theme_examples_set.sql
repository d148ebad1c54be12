-- Store example complaints (registered frame _theme_examples: theme_id, examples).
UPDATE themes SET examples = e.examples
FROM _theme_examples e
WHERE themes.theme_id = e.theme_id;
