package io.anyscope.check;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The classes of findings {@code check --fail-on} can fail on. */
public enum FailOn {
    /** A legacy or blocker library site that the reference (base or baseline) does not have. */
    NEW_LEGACY,
    /** A new reference to a target library's name that does not exist (migration debris). */
    NEW_BROKEN,
    /** A new dependency on a legacy or blocker library in a configuration file, or a new blocker library site. */
    BLOCKER,
    /** Any legacy site in what was checked, new or not. */
    ANY_LEGACY,
    /** A baseline entry with more sites than the code has (slack that would let removed work come back). */
    STALE_BASELINE,
    /** A migration mistake (a finding of src/catalog/rules/mistakes.yaml) that the reference does not have. */
    NEW_FINDING;

    /** What a team can adopt on day one. */
    public static final Set<FailOn> DEFAULT = EnumSet.of(NEW_LEGACY, NEW_BROKEN);

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code new-legacy} etc.; null when unknown. */
    public static FailOn parse(String s) {
        for (FailOn f : values()) {
            if (f.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
