package io.anyscope.extract;

import io.anyscope.catalog.Catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a module binds to a tracked symbol by assignment at module level (outside any function or class), which other
 * modules can import from it: {@code TaskGroup = anyio.abc.TaskGroup}, {@code nap = sleep} after {@code from anyio
 * import sleep}. Each becomes a {@code reexport} fact (the exported name as alias, the symbol as symbol), not a site.
 * Together with the module's module-level import facts (scope empty: {@code from anyio import sleep},
 * {@code from anyio import *}) they are what a project's compatibility layer ({@code rollouts/aio.py}) exports; the
 * analytics resolve imports from it through them. Python's {@code from m import name} ignores {@code __all__}, so a
 * binding counts whether {@code __all__} lists it or not. When a module assigns a name twice, the later assignment in
 * the file wins. Only names some tracked library has ({@link Catalog#importableNames}: {@code TaskGroup}, not
 * {@code loop}) are recorded: the only names a candidate ({@link ProxyImports}) can ask a module for.
 */
final class Reexports {
    private record Export(int start, int end, String name, String symbol) {
    }

    private final Scopes scopes;
    private final UsageFacts usages;
    private final Map<String, List<String>> importable;
    private final Map<String, Export> byName = new LinkedHashMap<>();

    Reexports(Scopes scopes, Catalog catalog, UsageFacts usages) {
        this.scopes = scopes;
        this.usages = usages;
        this.importable = catalog.importableNames();
    }

    /**
     * The assignment {@code name = <reference to symbol>} spanning bytes {@code start..end}: a re-export when it is at
     * module level.
     */
    void assigned(String name, int start, int end, String symbol) {
        if (!importable.containsKey(name) || scopes.enclosing(start) != null) {
            return;
        }
        Export old = byName.get(name);
        if (old == null || old.start() < start) {
            byName.put(name, new Export(start, end, name, symbol));
        }
    }

    /** Emits one {@code reexport} fact per exported name. */
    void emit() {
        for (Export e : byName.values()) {
            usages.emit(e.start(), e.end(), "reexport", "other", e.symbol(), e.symbol(), e.name(), false);
        }
    }
}
