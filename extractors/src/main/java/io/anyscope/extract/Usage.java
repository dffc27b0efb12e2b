package io.anyscope.extract;

/**
 * One fact about a tracked library in a Python file: an import, a reference (call or attribute access), or a method
 * call on a value that came from a tracked API (derived).
 *
 * <p>Lines are 1-based and counted as Python's tokenizer counts them (CRLF, LF and a lone CR each end a line; a BOM
 * and form feeds do not shift anything). Columns are 1-based and count characters (code points) of the line.
 *
 * @param kind            {@code import}, {@code call}, {@code access}, {@code method} (derived), {@code reexport} (a
 *                        name this module binds at module level to a tracked symbol, which other modules can import
 *                        from it: {@code from anyio import sleep}, {@code from anyio import *} (alias {@code *}),
 *                        {@code TaskGroup = anyio.abc.TaskGroup}; alias is the exported name; not a site),
 *                        {@code unbound} (a
 *                        load of a tracked library's top-level name that nothing binds: a {@code NameError} waiting
 *                        to happen, e.g. {@code asyncio.create_task} after {@code import asyncio} became
 *                        {@code import anyio}) or {@code patch} (an assignment to a library's attribute,
 *                        {@code anyio.StreamReader = ...}: the name exists at run time; not a site)
 * @param context         {@code except}, {@code decorator}, {@code base_class}, {@code annotation}, {@code async_with},
 *                        {@code with}, {@code await} or {@code other}
 * @param library         tracked library ({@code asyncio})
 * @param symbol          fully qualified symbol ({@code asyncio.gather}, {@code trio.Nursery.start_soon})
 * @param alias           the local name used in the source ({@code g} after {@code from asyncio import gather as g})
 * @param scope           qualified name of the enclosing class/function ({@code Worker.run.<locals>.inner}); empty
 *                        at module level
 * @param inAsync         the nearest enclosing function is an {@code async def}
 * @param derived         true for method facts, which are inferred from the value's origin
 * @param sourceLine      the source line, trimmed, at most {@link #MAX_SOURCE_LINE} characters
 * @param ruleId          catalog entry id, or {@code null} when uncatalogued
 * @param category        catalog category, or {@code uncatalogued}
 * @param anyioEquivalent catalog's AnyIO equivalent (null when uncatalogued)
 * @param effort          catalog effort tier (null when uncatalogued)
 * @param risk            catalog risk (null when uncatalogued)
 * @param missingName     the symbol names something a migration-target library's public API does not have
 *                        ({@link io.anyscope.catalog.Catalog#isMissingTargetName}: {@code anyio.create_task}); its
 *                        rule, category, equivalent, effort and risk are then those of the legacy name it was most
 *                        likely copied from ({@link io.anyscope.catalog.Catalog#likelyOrigin}), or none. Always
 *                        false for derived facts.
 * @param via             null for a fact about a tracked library's own name; for a compatibility-layer candidate, the
 *                        module the name was imported from, as written ({@code rollouts.aio}, {@code .aio},
 *                        {@code .}): {@code from rollouts.aio import create_task_group} and the references through it
 *                        give one candidate fact per symbol a tracked library has of that name
 *                        ({@link io.anyscope.catalog.Catalog#importableNames}), each classified as that symbol; the
 *                        analytics keep the candidate the module re-exports (or that the configuration declares) and
 *                        drop the others
 * @param viaName         for a candidate, the name imported from {@code via} ({@code create_task_group} even when
 *                        imported {@code as ctg}); else null
 */
public record Usage(
        int line,
        int column,
        int endLine,
        int endColumn,
        String kind,
        String context,
        String library,
        String symbol,
        String alias,
        String scope,
        boolean inAsync,
        boolean derived,
        String sourceLine,
        String ruleId,
        String category,
        String anyioEquivalent,
        String effort,
        String risk,
        boolean missingName,
        String via,
        String viaName) {

    public static final int MAX_SOURCE_LINE = 200;
}
