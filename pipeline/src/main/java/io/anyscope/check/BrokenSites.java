package io.anyscope.check;

import io.anyscope.catalog.Catalog;
import io.anyscope.extract.Usage;

/**
 * Which usage facts are broken references: migration debris that would fail at run time.
 *
 * <ul>
 *   <li>a name of a target library that its public API does not have (the fact's {@code missingName}, set by the
 *       extractor from {@link Catalog#isMissingTargetName}: {@code anyio.create_task}, {@code anyio.TimeoutError}),
 *       the rule the SQL shares;</li>
 *   <li>names used without an import ({@code asyncio.sleep} after {@code import asyncio} became {@code import anyio}):
 *       facts of kind {@value #UNBOUND_KIND}.</li>
 * </ul>
 * A {@value #PATCH_KIND} fact ({@code anyio.StreamReader = ...}) is no site. The SQL also lets a patch anywhere in the
 * repository make a missing name exist; {@code check} sees only the files it parses and does not.
 */
final class BrokenSites {
    /** The usage kind the extractor gives a tracked library's name used without an import. */
    static final String UNBOUND_KIND = "unbound";
    /** The usage kind of an assignment to a library's attribute: not a site. */
    static final String PATCH_KIND = "patch";

    /** The usage kind of a module-level assignment re-exporting a tracked name: not a site. */
    static final String REEXPORT_KIND = "reexport";

    private BrokenSites() {
    }

    /**
     * True when {@code u} is a site: not a {@value #PATCH_KIND} or {@value #REEXPORT_KIND} fact, and not a
     * compatibility-layer candidate ({@link Usage#via()}), which only the analytics resolve, against the whole
     * snapshot; {@code check} sees the files it parses and leaves them out.
     */
    static boolean isSite(Usage u) {
        return !PATCH_KIND.equals(u.kind()) && !REEXPORT_KIND.equals(u.kind()) && u.via() == null;
    }

    /** Why {@code u} is broken, or null when it is not. */
    static String reason(Usage u) {
        if (UNBOUND_KIND.equals(u.kind())) {
            return u.symbol() + " is used without an import";
        }
        if (u.missingName()) {
            return u.symbol() + " does not exist in " + u.library() + "'s public API";
        }
        return null;
    }

    /**
     * The AnyIO equivalent of the legacy name a broken {@code anyio.X} most likely came from ({@code asyncio.X},
     * {@code trio.X}: {@link Catalog#likelyOrigin}); else null.
     */
    static String likelyOrigin(Usage u, Catalog catalog) {
        return catalog.likelyOrigin(u.symbol()).map(e -> e.symbol() + " → " + e.anyio()).orElse(null);
    }
}
