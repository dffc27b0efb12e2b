package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scopes: qualified names as Python's {@code __qualname__}, the innermost def at an offset, function ranges. */
class ScopesTest {
    private static final String SRC = """
            x = 1
            class Outer:
                async def run(self):
                    def inner():
                        return 1
                    return inner
                def plain(self):
                    pass
            def top():
                class Local:
                    y = 2
            define = 3
            """;

    @Test
    void qualifiedNamesFollowNesting() {
        try (PySnippet p = PySnippet.of(SRC)) {
            assertThat(p.scopes.defs()).extracting(Scopes.Def::qualname)
                    .containsExactly("Outer", "Outer.run", "Outer.run.<locals>.inner", "Outer.plain", "top",
                            "top.<locals>.Local");
            assertThat(p.scopes.defs()).extracting(Scopes.Def::isAsync)
                    .containsExactly(false, true, false, false, false, false);
            assertThat(p.scopes.defs()).extracting(Scopes.Def::isClass)
                    .containsExactly(true, false, false, false, false, true);
        }
    }

    @Test
    void enclosingIsTheInnermostDefOrNullAtModuleLevel() {
        try (PySnippet p = PySnippet.of(SRC)) {
            assertThat(p.scopes.enclosing(p.at("x = 1"))).isNull();
            assertThat(p.scopes.enclosing(p.at("return 1")).qualname()).isEqualTo("Outer.run.<locals>.inner");
            assertThat(p.scopes.enclosing(p.at("return inner")).qualname()).isEqualTo("Outer.run");
            assertThat(p.scopes.enclosing(p.at("y = 2")).qualname()).isEqualTo("top.<locals>.Local");
            assertThat(p.scopes.enclosing(p.at("define"))).isNull();
        }
    }

    @Test
    void functionRangeSkipsClassesAndIsTheWholeFileAtModuleLevel() {
        try (PySnippet p = PySnippet.of(SRC)) {
            assertThat(p.scopes.functionRange(p.at("x = 1"))).containsExactly(0, p.file.length());
            // a class body is not a function scope: the enclosing function (or the module) is
            assertThat(p.scopes.functionRange(p.at("y = 2")))
                    .containsExactly(p.at("def top"), p.at("define") - 1);
            int run = p.at("async def run");
            int[] range = p.scopes.functionRange(p.at("return inner"));
            assertThat(range[0]).isEqualTo(run);
            assertThat(p.source.substring(range[0], range[1])).endsWith("return inner");
        }
    }
}
