package io.anyscope.extract;

import org.junit.jupiter.api.Test;
import org.treesitter.TSNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Site context: read from the nodes just above the expression, through a few transparent wrappers. */
class SiteContextTest {
    private static final String SRC = """
            async def f():
                await asyncio.sleep(1)
                async with asyncio.timeout(1):
                    pass
                with asyncio.Runner() as r:
                    pass
                with (anyio.fail_after(1) as s):
                    pass
                try:
                    pass
                except asyncio.CancelledError:
                    pass
                except (OSError, asyncio.TimeoutError) as e:
                    pass
                x: asyncio.Event = None
                y: int | asyncio.Queue = None
                z = asyncio.gather()
            @asyncio.coroutine
            def g():
                pass
            class P(asyncio.Protocol):
                pass
            """;

    private static String contextOf(PySnippet p, String expression) {
        int at = p.at(expression);
        TSNode top = p.file.nodeAt(at, at + expression.length());
        assertThat(p.file.text(top)).isEqualTo(expression);
        return p.context.of(top);
    }

    @Test
    void eachSiteGetsItsContext() {
        try (PySnippet p = PySnippet.of(SRC)) {
            assertThat(contextOf(p, "asyncio.sleep(1)")).isEqualTo("await");
            assertThat(contextOf(p, "asyncio.timeout(1)")).isEqualTo("async_with");
            assertThat(contextOf(p, "asyncio.Runner()")).isEqualTo("with");
            assertThat(contextOf(p, "anyio.fail_after(1)")).isEqualTo("with");
            assertThat(contextOf(p, "asyncio.CancelledError")).isEqualTo("except");
            assertThat(contextOf(p, "asyncio.TimeoutError")).isEqualTo("except");
            assertThat(contextOf(p, "asyncio.Event")).isEqualTo("annotation");
            assertThat(contextOf(p, "asyncio.Queue")).isEqualTo("annotation");
            assertThat(contextOf(p, "asyncio.gather()")).isEqualTo("other");
            assertThat(contextOf(p, "asyncio.coroutine")).isEqualTo("decorator");
            assertThat(contextOf(p, "asyncio.Protocol")).isEqualTo("base_class");
        }
    }

    @Test
    void theRootHasNoContext() {
        try (PySnippet p = PySnippet.of("x = 1\n")) {
            assertThat(p.context.of(p.file.root)).isEqualTo("other");
        }
    }
}
