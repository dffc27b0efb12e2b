package io.anyscope.extract;

import org.junit.jupiter.api.Test;
import org.treesitter.TSNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Node access: cached answers equal tree-sitter's own; byte search finds whole words; node text and dotted names. */
class NodesTest {
    @Test
    void cachedTypeAndNamednessEqualTreeSittersOwnForEveryNode() {
        try (PySnippet p = PySnippet.of("import asyncio\n\nasync def f(x: int = 1):\n    await asyncio.sleep(x)\n"
                + "    async with a() as b, c:\n        return [y async for y in b]\n")) {
            int visited = checkSubtree(p, p.file.root);
            assertThat(visited).isGreaterThan(40);
        }
    }

    /** Checks a node and its descendants (recursively: the snippet is shallow); returns how many. */
    private static int checkSubtree(PySnippet p, TSNode n) {
        assertThat(p.nodes.type(n)).isEqualTo(n.getType());
        assertThat(p.nodes.named(n)).isEqualTo(n.isNamed());
        // asked twice in a row: the memoised answer is the same
        assertThat(p.nodes.type(n)).isEqualTo(n.getType());
        int visited = 1;
        for (int i = 0; i < Nodes.childCount(n); i++) {
            visited += checkSubtree(p, Nodes.child(n, i));
        }
        return visited;
    }

    @Test
    void fieldsAreResolvedOnce() {
        try (PySnippet p = PySnippet.of("from asyncio import gather as g\n")) {
            TSNode stmt = Nodes.namedChild(p.file.root, 0);
            assertThat(p.file.text(Nodes.field(stmt, p.nodes.F_MODULE_NAME))).isEqualTo("asyncio");
            TSNode aliased = Nodes.field(stmt, p.nodes.F_NAME);
            assertThat(p.file.text(Nodes.field(aliased, p.nodes.F_ALIAS))).isEqualTo("g");
            assertThat(Nodes.isNull(Nodes.field(stmt, p.nodes.F_ARGUMENTS))).isTrue();
        }
    }

    @Test
    void nextWordFindsWholeWordsOnlyWithinTheLimit() {
        String src = "asyncio_x = myasyncio = asyncio.run; é_asyncio = 1; x.asyncio\n";
        try (PySnippet p = PySnippet.of(src)) {
            int first = p.file.nextWord("asyncio", 0, p.file.length());
            assertThat(first).isEqualTo(src.indexOf("asyncio.run"));
            int second = p.file.nextWord("asyncio", first + 1, p.file.length());
            // é is two bytes in UTF-8: byte offsets run one past the character index after it
            assertThat(second).isEqualTo(src.indexOf("x.asyncio") + 2 + 1);
            assertThat(p.file.afterDot(second)).isTrue();
            assertThat(p.file.afterDot(first)).isFalse();
            assertThat(p.file.nextWord("asyncio", first + 1, second)).isEqualTo(-1);
        }
    }

    @Test
    void nodeAtGivesTheSmallestNodeAndDottedIgnoresLayout() {
        String src = "import asyncio  .  tasks\n";
        try (PySnippet p = PySnippet.of(src)) {
            TSNode id = p.file.nodeAt(7, 14);
            assertThat(p.nodes.type(id)).isEqualTo("identifier");
            assertThat(p.file.text(id)).isEqualTo("asyncio");
            TSNode dotted = Nodes.parent(id);
            assertThat(p.nodes.type(dotted)).isEqualTo("dotted_name");
            assertThat(p.file.dotted(dotted)).isEqualTo("asyncio.tasks");
            assertThat(p.file.dotted(id)).isEqualTo("asyncio");
        }
    }
}
