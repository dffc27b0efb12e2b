-- Every usage names a library the catalog tracks (so it has a migration status), and a known category.
SELECT DISTINCT 'library' AS what, u.library AS value FROM stg_usages u
WHERE u.library NOT IN (SELECT library FROM ref_library_roles)
UNION ALL
SELECT DISTINCT 'category', u.category FROM stg_usages u WHERE u.category NOT IN (SELECT category FROM ref_categories)
UNION ALL
SELECT DISTINCT 'effort', u.effort FROM stg_usages u WHERE u.effort IS NOT NULL AND u.effort NOT IN (SELECT tier FROM ref_effort_tiers);
