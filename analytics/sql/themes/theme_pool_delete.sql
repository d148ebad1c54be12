-- Forget unassigned complaints too old to seed a new theme.
DELETE FROM theme_pool WHERE received_at < $before;
