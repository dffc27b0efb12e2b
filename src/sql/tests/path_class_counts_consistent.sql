-- The scope headline is the sum of its counted path classes: the legacy and broken sites of rpt_scope_org equal those
-- of the counted rows of mart_scope_path_class (the "not counted" lines are exactly what the headline leaves out).
SELECT o.legacy_sites, p.legacy_sites AS counted_class_legacy_sites, o.broken_sites, p.broken_sites AS counted_class_broken_sites
FROM rpt_scope_org o,
     (SELECT coalesce(sum(legacy_sites), 0) AS legacy_sites, coalesce(sum(broken_sites), 0) AS broken_sites
      FROM mart_scope_path_class WHERE counted) p
WHERE coalesce(o.legacy_sites, 0) <> p.legacy_sites OR coalesce(o.broken_sites, 0) <> p.broken_sites;
