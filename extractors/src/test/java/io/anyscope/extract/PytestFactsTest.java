package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pytest facts in code: markers of a tracked library with their arguments, and the anyio_backend fixture. */
class PytestFactsTest {
    @Test
    void markersCarryTheirArgumentsAndOnlyPytestMarkCounts() {
        String src = """
                import pytest
                @pytest.mark.anyio
                async def a(): pass
                @pytest.mark.trio( strict = True )
                async def b(): pass
                @mark.asyncio
                async def c(): pass
                @other.mark.anyio
                async def d(): pass
                x = "pytest.mark.anyio"
                """;
        try (PySnippet p = PySnippet.of(src)) {
            PytestFacts pytest = new PytestFacts(p.file);
            for (String lib : new String[] {"anyio", "trio", "asyncio"}) {
                int i = 0;
                while ((i = p.file.nextWord(lib, i, p.file.length())) >= 0) {
                    if (p.file.afterDot(i)) {
                        pytest.marker(i, lib);
                    }
                    i += lib.length();
                }
            }
            assertThat(pytest.facts()).extracting(f -> f.kind() + " " + f.name() + " [" + f.value() + "] "
                    + f.section() + " " + f.line()).containsExactly(
                    "test_marker pytest.mark.anyio [] code 2",
                    "test_marker pytest.mark.trio [strict = True] code 4",
                    "test_marker pytest.mark.asyncio [] code 6");
        }
    }

    @Test
    void theBackendFixtureIsAFunctionNamedAnyioBackend() {
        String src = """
                @pytest.fixture
                def anyio_backend():
                    return "trio"
                anyio_backend = "asyncio"
                def test(anyio_backend): pass
                """;
        try (PySnippet p = PySnippet.of(src)) {
            PytestFacts pytest = new PytestFacts(p.file);
            pytest.findFixtures();
            // the fixture, and the backends it names (the module-level assignment is neither)
            assertThat(pytest.facts()).extracting(f -> f.kind() + " " + f.name() + " " + f.value() + " " + f.line())
                    .containsExactly("fixture anyio_backend  2", "backend_param anyio_backend trio 2");
        }
    }
}
