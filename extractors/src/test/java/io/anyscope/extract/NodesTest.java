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

    /**
     * Whole-word search answers from the file's identifier runs: every plain word's hits, from any offset and up to
     * any limit, are exactly those a search of the file's bytes for the word's UTF-8 bytes finds (a match not inside
     * a longer identifier, non-ASCII bytes counting as identifier bytes), and a word searched again gets the same
     * answer.
     */
    @Test
    void wordSearchFromIdentifierRunsEqualsATextSearch() {
        String src = "import trio as t, asyncio\nfrom x import (a, b as c)\n# asyncio in a comment, trio_x, xtrio\n"
                + "s = 'trio' + \"asyncio.sleep\" \\\n  + f\"{t.sleep}\"\nclass C(a.B):\n    def f(self, é, a1):\n"
                + "        self.a = é.a + a1 + _a + a_ + aé\n        return await trio.sleep(0)  # a\n";
        try (PySnippet p = PySnippet.of(src)) {
            byte[] b = p.file.b;
            java.util.Set<String> words = java.util.Set.of("a", "t", "trio", "asyncio", "self", "import", "sleep",
                    "x", "nothere", "C", "_a", "a1", "t.sleep", "a.B", "self.a", "é", "aé", "é.a");
            java.util.Map<String, int[]> starts = p.file.wordHits(words);
            for (String w : words) {
                int[] expected = textSearch(b, w);
                assertThat(starts.get(w)).as(w + ", searched with the others").containsExactly(expected);
                assertThat(p.file.wordHits(java.util.List.of(w)).get(w)).as(w).containsExactly(expected);
                for (int from = 0; from <= b.length; from += 7) {
                    for (int limit : new int[] {from, from + 1, from + 40, b.length}) {
                        int want = -1;
                        for (int e : expected) {
                            if (e >= from && e < limit) {
                                want = e;
                                break;
                            }
                        }
                        assertThat(p.file.nextWord(w, from, limit)).as(w + " from " + from + " to " + limit)
                                .isEqualTo(want);
                    }
                }
            }
            assertThat(starts.get("a")).containsExactly(textSearch(b, "a"));
            assertThat(starts.get("a")).hasSizeGreaterThan(5);
        }
    }

    /** Whole-word occurrences by searching the bytes one offset at a time. */
    private static int[] textSearch(byte[] b, String word) {
        byte[] w = word.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i + w.length <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + w.length, w, 0, w.length)
                    && !identByte(b, i - 1) && !identByte(b, i + w.length)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean identByte(byte[] b, int i) {
        if (i < 0 || i >= b.length) {
            return false;
        }
        int c = b[i] & 0xff;
        return c == '_' || Character.isLetterOrDigit(c) && c < 0x80 || c >= 0x80;
    }

    /** Remembered parents are tree-sitter's own, for every node, and are dropped with the tree. */
    @Test
    void rememberedParentsEqualTreeSittersOwn() {
        try (PySnippet p = PySnippet.of("import asyncio\n\nclass A:\n    async def f(self, x):\n"
                + "        async with a() as b:\n            await asyncio.sleep(x[0].y)\n")) {
            java.util.List<TSNode> all = new java.util.ArrayList<>();
            java.util.ArrayDeque<TSNode> todo = new java.util.ArrayDeque<>(java.util.List.of(p.file.root));
            while (!todo.isEmpty()) {
                TSNode n = todo.pop();
                all.add(n);
                for (int i = 0; i < Nodes.childCount(n); i++) {
                    todo.push(Nodes.child(n, i));
                }
            }
            assertThat(all).hasSizeGreaterThan(40);
            for (int round = 0; round < 2; round++) {
                for (TSNode n : all) {
                    TSNode want = n.getParent();
                    TSNode got = p.nodes.parent(n);
                    assertThat(Nodes.isNull(got)).isEqualTo(want.isNull());
                    if (!want.isNull()) {
                        assertThat(Nodes.start(got)).isEqualTo(want.getStartByte());
                        assertThat(Nodes.end(got)).isEqualTo(want.getEndByte());
                        assertThat(p.nodes.type(got)).isEqualTo(want.getType());
                    }
                }
            }
        }
    }

    @Test
    void nodeAtGivesTheSmallestNodeAndDottedIgnoresLayout() {
        String src = "import asyncio  .  tasks\n";
        try (PySnippet p = PySnippet.of(src)) {
            TSNode id = p.file.nodeAt(7, 14);
            assertThat(p.nodes.type(id)).isEqualTo("identifier");
            assertThat(p.file.text(id)).isEqualTo("asyncio");
            TSNode dotted = p.nodes.parent(id);
            assertThat(p.nodes.type(dotted)).isEqualTo("dotted_name");
            assertThat(p.file.dotted(dotted)).isEqualTo("asyncio.tasks");
            assertThat(p.file.dotted(id)).isEqualTo("asyncio");
        }
    }
}
