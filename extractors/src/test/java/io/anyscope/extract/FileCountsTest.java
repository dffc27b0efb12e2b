package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** File counts: async keywords by what they introduce, awaits, and ERROR/MISSING nodes. */
class FileCountsTest {
    @Test
    void asyncKeywordsAreCountedByConstruct() {
        String src = """
                async def f():
                    await g()
                    async with a() as b:
                        await b
                    async for x in y:
                        pass
                    return [z async for z in w]
                async = "not a keyword here"  # await async
                """;
        try (PySnippet p = PySnippet.of(src)) {
            FileCounts c = FileCounts.of(p.file);
            assertThat(c.asyncDefs).isEqualTo(1);
            assertThat(c.awaits).isEqualTo(2);
            assertThat(c.asyncWiths).isEqualTo(1);
            assertThat(c.asyncFors).isEqualTo(2);
            assertThat(c.parseErrors).isZero();
        }
    }

    @Test
    void syntaxErrorsAreCounted() {
        try (PySnippet p = PySnippet.of("def f(:\n    pass\nx = (1,\n")) {
            assertThat(FileCounts.of(p.file).parseErrors).isPositive();
        }
        try (PySnippet p = PySnippet.of("x = 1\n")) {
            assertThat(FileCounts.of(p.file).parseErrors).isZero();
        }
    }
}
