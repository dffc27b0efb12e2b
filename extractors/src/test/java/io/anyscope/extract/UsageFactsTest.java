package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage facts: position, scope and catalog entry of each site; the first fact at a place wins; source order. */
class UsageFactsTest {
    private static final String SRC = """
            import asyncio
            async def f():
                asyncio.sleep(1)
            """;

    @Test
    void aFactCarriesPositionScopeAndCatalogEntry() {
        try (PySnippet p = PySnippet.of(SRC)) {
            int at = p.at("asyncio.sleep");
            p.usages.emit(at, at + "asyncio.sleep(1)".length(), "call", "other", "asyncio.sleep", "asyncio.sleep",
                    "asyncio", false);
            Usage u = p.usages.sorted().get(0);
            assertThat(PySnippet.row(u)).isEqualTo("3:5 call asyncio.sleep@other asyncio f async");
            assertThat(u.endLine()).isEqualTo(3);
            assertThat(u.endColumn()).isEqualTo(21);
            assertThat(u.library()).isEqualTo("asyncio");
            assertThat(u.sourceLine()).isEqualTo("asyncio.sleep(1)");
            assertThat(u.ruleId()).isNotNull();
            assertThat(u.category()).isNotEqualTo(Catalog.UNCATALOGUED);
        }
    }

    @Test
    void anUncataloguedSymbolIsStillAFact() {
        try (PySnippet p = PySnippet.of(SRC)) {
            p.usages.emit(0, 14, "import", "other", "asyncio.no_such_thing", "asyncio.no_such_thing", "x", false);
            Usage u = p.usages.sorted().get(0);
            assertThat(u.category()).isEqualTo(Catalog.UNCATALOGUED);
            assertThat(u.ruleId()).isNull();
            assertThat(u.anyioEquivalent()).isNull();
            assertThat(u.scope()).isEmpty();
            assertThat(u.inAsync()).isFalse();
        }
    }

    @Test
    void theFirstFactAtALineColumnKindAndSymbolWinsAndFactsComeOutInSourceOrder() {
        try (PySnippet p = PySnippet.of(SRC)) {
            int call = p.at("asyncio.sleep");
            p.usages.emit(call, call + 13, "call", "await", "asyncio.sleep", "asyncio.sleep", "first", false);
            p.usages.emit(call, call + 13, "call", "other", "asyncio.sleep", "asyncio.sleep", "second", false);
            p.usages.emit(call, call + 13, "access", "other", "asyncio.sleep", "asyncio.sleep", "third", false);
            p.usages.emit(0, 14, "import", "other", "asyncio", "asyncio", "asyncio", false);
            assertThat(p.usages.sorted()).extracting(PySnippet::row).containsExactly(
                    "1:1 import asyncio@other asyncio -",
                    "3:5 access asyncio.sleep@other third f async",
                    "3:5 call asyncio.sleep@await first f async");
        }
    }
}
