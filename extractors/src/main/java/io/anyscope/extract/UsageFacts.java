package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.CatalogEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The usage facts of one file: each site becomes one {@link Usage} with its position, scope and catalog entry; the
 * first fact at a line, column, kind and symbol wins, later ones are dropped. A derived method fact starting where a
 * direct fact starts ({@code asyncio.get_event_loop().time()}) is no fact of its own: one site has one tier, so the
 * direct fact stays and takes the classification of the outermost catalogued method of its chain
 * ({@code anyio.current_time()}, mechanical).
 */
final class UsageFacts {
    private final ParsedFile file;
    private final Scopes scopes;
    private final Catalog catalog;
    private final List<Usage> usages = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    // (line << 32 | column) of each direct (non-derived) fact: its index in usages.
    private final Map<Long, Integer> directAt = new HashMap<>();

    UsageFacts(ParsedFile file, Scopes scopes, Catalog catalog) {
        this.file = file;
        this.scopes = scopes;
        this.catalog = catalog;
    }

    /**
     * Records a fact spanning bytes {@code start..end}, catalogued under {@code lookupSymbol} (the symbol itself,
     * or the module of a wildcard import).
     */
    void emit(int start, int end, String kind, String context, String symbol, String lookupSymbol, String alias,
              boolean derived) {
        emit(start, end, kind, context, symbol, lookupSymbol, alias, derived, null, null);
    }

    /**
     * Records a compatibility-layer candidate (see {@link Usage#via()}): the fact of {@code symbol} if the name
     * {@code viaName} imported from module {@code via} stands for it.
     */
    void emitCandidate(int start, int end, String kind, String context, String symbol, String alias, String via,
                       String viaName) {
        emit(start, end, kind, context, symbol, symbol, alias, false, via, viaName);
    }

    private void emit(int start, int end, String kind, String context, String symbol, String lookupSymbol,
                      String alias, boolean derived, String via, String viaName) {
        SourceText src = file.src;
        int line = src.line(start);
        int col = src.column(start, line);
        if (!seen.add(line + ":" + col + ":" + kind + ":" + symbol)) {
            return;
        }
        long position = ((long) line << 32) | col;
        Integer direct = derived ? directAt.get(position) : null;
        if (direct != null) {
            // A method chained on a direct reference (asyncio.get_event_loop().time()) is the same site: one fact,
            // the direct reference, classified by the outermost catalogued method (what the expression becomes).
            CatalogEntry m = catalog.lookup(lookupSymbol).orElse(null);
            if (m != null) {
                Usage r = usages.get(direct);
                usages.set(direct, new Usage(r.line(), r.column(), r.endLine(), r.endColumn(), r.kind(), r.context(),
                        r.library(), r.symbol(), r.alias(), r.scope(), r.inAsync(), false, r.sourceLine(), m.id(),
                        m.category(), m.anyio(), m.effort(), m.risk(), r.missingName(), r.via(), r.viaName()));
            }
            return;
        }
        int endLine = src.line(end);
        // A missing target name (anyio.create_task) takes the classification of the legacy name it came from.
        boolean missing = !derived && catalog.isMissingTargetName(symbol);
        CatalogEntry e = (missing ? catalog.likelyOrigin(symbol) : catalog.lookup(lookupSymbol)).orElse(null);
        Scopes.Def d = scopes.enclosing(start);
        String scope = d == null ? "" : d.qualname();
        boolean inAsync = d != null && !d.isClass() && d.isAsync();
        int dot = symbol.indexOf('.');
        String library = dot < 0 ? symbol : symbol.substring(0, dot);
        if (!derived && via == null) {
            directAt.putIfAbsent(position, usages.size());
        }
        usages.add(new Usage(line, col, endLine, src.column(end, endLine), kind, context, library, symbol, alias,
                scope, inAsync, derived, src.lineText(line, Usage.MAX_SOURCE_LINE),
                e == null ? null : e.id(), e == null ? Catalog.UNCATALOGUED : e.category(),
                e == null ? null : e.anyio(), e == null ? null : e.effort(), e == null ? null : e.risk(), missing,
                via, viaName));
    }

    /** The facts so far, in source order (line, column, kind, symbol). */
    List<Usage> sorted() {
        usages.sort(Comparator.comparingInt(Usage::line).thenComparingInt(Usage::column)
                .thenComparing(Usage::kind).thenComparing(Usage::symbol));
        return usages;
    }
}
