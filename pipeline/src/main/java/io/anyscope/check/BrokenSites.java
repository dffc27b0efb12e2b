package io.anyscope.check;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.CatalogEntry;
import io.anyscope.catalog.TrackedLibrary;
import io.anyscope.extract.Usage;

/**
 * Which usage facts are broken references: migration debris that would fail at run time.
 *
 * <ul>
 *   <li>a name of a target library that its public API does not have ({@link Catalog#isMissingTargetName}:
 *       {@code anyio.create_task}, {@code anyio.TimeoutError}), the rule the SQL shares;</li>
 *   <li>extension point, names used without an import ({@code asyncio.sleep} after {@code import asyncio} became
 *       {@code import anyio}): the extractor does not emit those yet (issue 13). When it emits them as facts of kind
 *       {@value #UNBOUND_KIND}, they are broken here with no other change.</li>
 * </ul>
 */
final class BrokenSites {
    /** The usage kind the extractor will give a tracked library's name used without an import (issue 13). */
    static final String UNBOUND_KIND = "unbound";

    private BrokenSites() {
    }

    /** Why {@code u} is broken, or null when it is not. */
    static String reason(Usage u, Catalog catalog) {
        if (UNBOUND_KIND.equals(u.kind())) {
            return u.symbol() + " is used without an import";
        }
        if (catalog.isMissingTargetName(u.symbol())) {
            return u.symbol() + " does not exist in " + u.library() + "'s public API";
        }
        return null;
    }

    /**
     * The AnyIO equivalent of the legacy name a broken {@code anyio.X} most likely came from ({@code asyncio.X},
     * {@code trio.X}), when the catalog has an entry for exactly that name; else null.
     */
    static String likelyOrigin(Usage u, Catalog catalog) {
        String rest = u.symbol().substring(u.library().length());
        for (TrackedLibrary l : catalog.libraries().values()) {
            if (!"legacy".equals(l.role())) {
                continue;
            }
            String candidate = l.name() + rest;
            CatalogEntry e = catalog.lookup(candidate).orElse(null);
            if (e != null && e.symbol().equals(candidate)) {
                return candidate + " → " + e.anyio();
            }
        }
        return null;
    }
}
