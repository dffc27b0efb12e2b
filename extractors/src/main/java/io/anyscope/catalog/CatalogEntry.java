package io.anyscope.catalog;

import java.util.List;

/**
 * One catalog entry: what a tracked symbol is and what it becomes under AnyIO.
 *
 * @param id        stable identifier, unique across the catalog (used as {@code rule_id} in facts)
 * @param symbol    fully qualified symbol ({@code asyncio.create_task}); a trailing {@code .*} matches every
 *                  descendant ({@code trio.lowlevel.*})
 * @param library   the tracked library the symbol belongs to (first dotted component)
 * @param kind      module, function, class, exception, constant, attribute or method
 * @param category  one of the catalog's declared categories
 * @param anyio     the AnyIO equivalent, free text ({@code anyio.sleep}, {@code TaskGroup.start_soon}, or a sentence)
 * @param effort    none, mechanical, structural, manual or blocker (declared in the catalog header)
 * @param risk      none, low, medium, high or critical (declared in the catalog header)
 * @param note      why, in one or two sentences
 * @param returns   for calls and constructors: the qualified type of the value produced, so that method calls on
 *                  it can be attributed ({@code asyncio.get_event_loop} returns {@code asyncio.AbstractEventLoop})
 * @param seeds     references to the migration write-ups that name this mapping (may be empty)
 */
public record CatalogEntry(
        String id,
        String symbol,
        String library,
        String kind,
        String category,
        String anyio,
        String effort,
        String risk,
        String note,
        String returns,
        List<String> seeds) {

    public boolean isWildcard() {
        return symbol.endsWith(".*");
    }

    /** The symbol without a trailing {@code .*}. */
    public String stem() {
        return isWildcard() ? symbol.substring(0, symbol.length() - 2) : symbol;
    }
}
