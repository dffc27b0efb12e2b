package io.anyscope.check;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.TrackedLibrary;
import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.FileResult;
import io.anyscope.extract.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns one file's facts into the sites {@code check} tracks, and numbers equal ones. */
final class Sites {
    static final Comparator<Site> ORDER = Comparator.comparing(Site::path).thenComparingInt(Site::line)
            .thenComparingInt(Site::column).thenComparing(Site::symbol);

    private Sites() {
    }

    /** True for the roles whose sites must go: {@code legacy} and {@code blocker}. */
    static boolean isLegacyRole(String role) {
        return "legacy".equals(role) || "blocker".equals(role);
    }

    /**
     * The tracked sites of one file: usages of legacy and blocker libraries, broken references, dependencies on
     * legacy and blocker libraries, and the findings of the migration-mistake rules; unnumbered (occurrence 0), in line order.
     */
    static List<Site> of(FileResult r, String path, String identityPath, Catalog catalog) {
        List<Site> out = new ArrayList<>();
        for (Usage u : r.usages()) {
            if (!BrokenSites.isSite(u)) {
                continue;
            }
            String role = catalog.roleOf(u.library());
            String broken = BrokenSites.reason(u);
            if (isLegacyRole(role) && broken == null) {
                String tier = "blocker".equals(role) ? "blocker" : u.effort() != null ? u.effort() : "manual";
                out.add(new Site(path, identityPath, u.line(), u.column(), u.kind(), u.library(), role, u.symbol(),
                        u.sourceLine().strip(), u.ruleId(), u.category(), u.anyioEquivalent(), tier, u.risk(), null,
                        0));
                continue;
            }
            if (broken != null) {
                out.add(new Site(path, identityPath, u.line(), u.column(), u.kind(), u.library(), role, u.symbol(),
                        u.sourceLine().strip(), null, "broken", BrokenSites.likelyOrigin(u, catalog), null, "high",
                        broken, 0));
            }
        }
        Map<String, TrackedLibrary> byDist = distributions(catalog);
        // The libraries the file declares: a backend declared beside its target (trio beside anyio) is no legacy
        // dependency (TrackedLibrary#isBackendAmong; scan decides per snapshot, check sees the file).
        Set<String> declared = new HashSet<>();
        for (ConfigFact f : r.configFacts()) {
            TrackedLibrary l = "dependency".equals(f.kind()) ? byDist.get(normalise(f.name())) : null;
            if (l != null) {
                declared.add(l.name());
            }
        }
        for (ConfigFact f : r.configFacts()) {
            if (!"dependency".equals(f.kind())) {
                continue;
            }
            TrackedLibrary l = byDist.get(normalise(f.name()));
            if (l != null && isLegacyRole(l.role()) && !l.isBackendAmong(declared)) {
                out.add(new Site(path, identityPath, Math.max(f.line(), 1), 1, Site.DEPENDENCY, l.name(), l.role(),
                        Site.DEPENDENCY + ":" + normalise(f.name()), f.section(), null, "dependency", l.note(),
                        "blocker".equals(l.role()) ? "blocker" : "manual", "high", null, 0));
            }
        }
        for (io.anyscope.extract.Finding f : r.findings()) {
            // check reads files, not the repository's configuration at a snapshot: a finding that holds only under
            // conditions on other files (`requires`), or only where the declared AnyIO requirement allows old
            // versions (a range with an upper bound: `<3.0`), is left to the scan's SQL views. Other ranges are kept,
            // as the SQL views keep them for a repository that declares no AnyIO requirement.
            if (!f.requires().isEmpty() || f.anyio().contains("<")) {
                continue;
            }
            // A migration mistake: identified like any site by (path, "mistake:<rule>", trimmed line); its fix as
            // the equivalent, its severity as the risk.
            String risk = switch (f.severity()) {
                case "error" -> "high";
                case "warning" -> "medium";
                default -> "low";
            };
            out.add(new Site(path, identityPath, Math.max(f.line(), 1), f.column(), Site.MISTAKE, "", Site.MISTAKE,
                    Site.MISTAKE + ":" + f.ruleId(), f.sourceLine().strip(), f.ruleId(), "migration_mistake",
                    f.fix(), f.severity(), risk, f.message(), 0));
        }
        out.sort(ORDER);
        return out;
    }

    /** Numbers sites of equal key 1, 2, ... in line order (the list must hold one file's sites, in order). */
    static List<Site> numbered(List<Site> sites) {
        Map<SiteKey, Integer> n = new HashMap<>();
        List<Site> out = new ArrayList<>(sites.size());
        for (Site s : sites) {
            out.add(s.withOccurrence(n.merge(s.key(), 1, Integer::sum)));
        }
        return out;
    }

    private static Map<String, TrackedLibrary> distributions(Catalog catalog) {
        Map<String, TrackedLibrary> m = new HashMap<>();
        for (TrackedLibrary l : catalog.libraries().values()) {
            m.put(normalise(l.pypi()), l);
        }
        return m;
    }

    /** PEP 503 name normalisation: lower case, runs of {@code -_.} as one {@code -}. */
    static String normalise(String dist) {
        return dist.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
