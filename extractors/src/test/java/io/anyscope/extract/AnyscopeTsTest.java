package io.anyscope.extract;

import org.junit.jupiter.api.Test;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterPython;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast accessors of {@link AnyscopeTs} give the same answers as bonede's public {@link TSNode} API on every node
 * of every fixture, and a node's type name and namedness depend on its symbol only (what PythonExtractor caches).
 */
class AnyscopeTsTest {
    private static final String EXTRA = "async def f():\n    async with a() as b, c:\n        await x\n"
            + "    async for i in y: pass\n    return [j async for j in z]\nclass C(asyncio.Protocol): ...\n"
            + "def broken(:\n  x = é + 'naïve 😀'\n";

    @Test
    void accessorsAgreeWithThePublicApiOnEveryNode() throws IOException {
        TSParser parser = new TSParser();
        parser.setLanguage(new TreeSitterPython());
        Map<Integer, String> typeBySymbol = new HashMap<>();
        Map<Integer, Boolean> namedBySymbol = new HashMap<>();
        int nodes = 0;
        for (Path p : Fixtures.pythonFiles()) {
            nodes += check(parser, Files.readAllBytes(p), typeBySymbol, namedBySymbol);
        }
        nodes += check(parser, EXTRA.getBytes(StandardCharsets.UTF_8), typeBySymbol, namedBySymbol);
        assertThat(nodes).isGreaterThan(1000);
        assertThat(typeBySymbol).containsValue("ERROR");
    }

    private static int check(TSParser parser, byte[] b, Map<Integer, String> typeBySymbol,
                             Map<Integer, Boolean> namedBySymbol) {
        AnyscopeTs.Tree tree = AnyscopeTs.parse(parser, new byte[4096], (buf, offset, point) -> {
            int n = Math.min(buf.length, b.length - offset);
            if (n <= 0) {
                return 0;
            }
            System.arraycopy(b, offset, buf, 0, n);
            return n;
        });
        int nodes = 0;
        try (tree) {
            TSTreeCursor c = new TSTreeCursor(tree.root());
            while (true) {
                TSNode n = c.currentNode();
                nodes++;
                assertThat(AnyscopeTs.isNull(n)).isEqualTo(n.isNull()).isFalse();
                assertThat(AnyscopeTs.startByte(n)).isEqualTo(n.getStartByte());
                assertThat(AnyscopeTs.endByte(n)).isEqualTo(n.getEndByte());
                assertThat(AnyscopeTs.symbol(n)).isEqualTo(n.getSymbol());
                assertThat(AnyscopeTs.type(n)).isEqualTo(n.getType());
                assertThat(AnyscopeTs.startPoint(n).getRow()).isEqualTo(n.getStartPoint().getRow());
                assertThat(AnyscopeTs.startPoint(n).getColumn()).isEqualTo(n.getStartPoint().getColumn());
                assertThat(AnyscopeTs.isNamed(n)).isEqualTo(n.isNamed());
                assertThat(AnyscopeTs.hasError(n)).isEqualTo(n.hasError());
                assertThat(AnyscopeTs.isError(n)).isEqualTo(n.isError());
                assertThat(AnyscopeTs.isMissing(n)).isEqualTo(n.isMissing());
                assertThat(AnyscopeTs.childCount(n)).isEqualTo(n.getChildCount());
                assertThat(AnyscopeTs.namedChildCount(n)).isEqualTo(n.getNamedChildCount());
                TSNode parent = AnyscopeTs.parent(n);
                assertThat(AnyscopeTs.isNull(parent)).isEqualTo(n.getParent().isNull());
                if (!AnyscopeTs.isNull(parent)) {
                    assertThat(AnyscopeTs.startByte(parent)).isEqualTo(n.getParent().getStartByte());
                }
                TSNode d = AnyscopeTs.descendantForByteRange(tree.root(), n.getStartByte(), n.getEndByte());
                assertThat(AnyscopeTs.startByte(d)).isEqualTo(
                        tree.root().getDescendantForByteRange(n.getStartByte(), n.getEndByte()).getStartByte());
                String prev = typeBySymbol.putIfAbsent(n.getSymbol(), n.getType());
                assertThat(prev == null ? n.getType() : prev).as("type of symbol %d", n.getSymbol())
                        .isEqualTo(n.getType());
                Boolean named = namedBySymbol.putIfAbsent(n.getSymbol(), n.isNamed());
                assertThat(named == null ? n.isNamed() : named).isEqualTo(n.isNamed());
                if (c.gotoFirstChild()) {
                    continue;
                }
                boolean more = true;
                while (!c.gotoNextSibling()) {
                    if (!c.gotoParent()) {
                        more = false;
                        break;
                    }
                }
                if (!more) {
                    break;
                }
            }
        }
        tree.close(); // a second close does nothing
        return nodes;
    }
}
