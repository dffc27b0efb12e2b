package io.anyscope.check;

import java.util.List;
import java.util.Set;

/**
 * What a check found.
 *
 * @param mode           {@code base} (against a revision), {@code baseline} (against a baseline file) or {@code full}
 *                       (every site is new: gate on zero)
 * @param reference      what the sites were compared with ({@code origin/main (1a2b3c4)}, the baseline file, none)
 * @param checked        what was checked ({@code working tree}, {@code HEAD (5d6e7f8)}, a directory)
 * @param filesChanged   files that differ from the base (base mode), else files listed
 * @param filesParsed    files read and parsed (both sides of a change count)
 * @param sites          tracked sites found in what was checked, suppressed ones included
 * @param findings       in path and line order; {@link Finding.Kind#LEGACY} ones are the sites that are not new
 * @param suppressed     sites a suppression comment with a reason hides
 * @param notes          files that could not be read, baseline updates: one line each
 */
public record CheckResult(String mode, String reference, String checked, int filesChanged, int filesParsed,
                          int sites, List<Finding> findings, List<Site> suppressed, List<String> notes,
                          String anyscopeVersion, String catalogVersion) {

    /** The findings that fail under {@code failOn}. */
    public List<Finding> failing(Set<FailOn> failOn) {
        return findings.stream().filter(f -> f.fails(failOn)).toList();
    }

    /**
     * The findings an output shows: all but existing legacy sites and existing migration mistakes, which show only
     * under {@code any-legacy}.
     */
    public List<Finding> shown(Set<FailOn> failOn) {
        return findings.stream()
                .filter(f -> (f.kind() != Finding.Kind.LEGACY && f.kind() != Finding.Kind.FINDING)
                        || failOn.contains(FailOn.ANY_LEGACY)).toList();
    }

    public long count(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).mapToLong(Finding::count).sum();
    }
}
