package io.anyscope.check;

import java.util.EnumSet;
import java.util.Set;

/**
 * One thing {@code check} reports.
 *
 * @param kind    what it is
 * @param site    the site (for {@link Kind#STALE_BASELINE}: a site standing for the baseline entry, line 0)
 * @param message one sentence for people
 * @param count   for stale baseline entries, the slack (baseline count minus sites found); else 1
 */
public record Finding(Kind kind, Site site, String message, int count) {
    /** Kinds of findings, with the {@code --fail-on} classes each belongs to. */
    public enum Kind {
        NEW_LEGACY("new-legacy", "new legacy"),
        NEW_BROKEN("new-broken", "new broken"),
        NEW_DEPENDENCY("new-dependency", "new blocker dependency"),
        LEGACY("legacy", "legacy"),
        STALE_BASELINE("stale-baseline", "stale baseline"),
        SUPPRESSION_WITHOUT_REASON("suppression-without-reason", "suppression without a reason"),
        REMOVED_LEGACY("removed-legacy", "removed legacy"),
        NEW_FINDING("new-finding", "new migration mistake"),
        FINDING("finding", "migration mistake");

        public final String id;
        public final String label;

        Kind(String id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    /** The {@code --fail-on} classes this finding belongs to. */
    public Set<FailOn> classes() {
        Set<FailOn> s = EnumSet.noneOf(FailOn.class);
        switch (kind) {
            case NEW_LEGACY -> {
                s.add(FailOn.NEW_LEGACY);
                s.add(FailOn.ANY_LEGACY);
                if ("blocker".equals(site.role())) {
                    s.add(FailOn.BLOCKER);
                }
            }
            case NEW_BROKEN -> s.add(FailOn.NEW_BROKEN);
            case NEW_DEPENDENCY -> s.add(FailOn.BLOCKER);
            case LEGACY -> s.add(FailOn.ANY_LEGACY);
            case STALE_BASELINE -> s.add(FailOn.STALE_BASELINE);
            case NEW_FINDING -> s.add(FailOn.NEW_FINDING);
            default -> {
            }
        }
        return s;
    }

    /** True when this finding belongs to one of the classes {@code failOn} names. */
    public boolean fails(Set<FailOn> failOn) {
        for (FailOn f : classes()) {
            if (failOn.contains(f)) {
                return true;
            }
        }
        return false;
    }
}
