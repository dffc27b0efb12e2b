package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Line endings, BOMs, coding cookies and odd bytes must not move a fact nor lose one. */
class SourceVariantsTest {
    private static final PythonExtractor X = new PythonExtractor(Catalog.loadDefault());

    private static List<String> positions(FileResult r) {
        List<String> out = new ArrayList<>();
        for (Usage u : r.usages()) {
            out.add(u.line() + ":" + u.column() + "-" + u.endLine() + ":" + u.endColumn() + " " + u.kind() + " "
                    + u.symbol() + " " + u.context() + " " + u.scope() + " " + u.sourceLine());
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> lineEndingsAndBomDoNotMoveFacts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : Fixtures.pythonFiles()) {
            String name = p.getFileName().toString();
            tests.add(variant(p, name + " CRLF", s -> s.replace("\n", "\r\n"), false));
            tests.add(variant(p, name + " lone CR", s -> s.replace("\n", "\r"), false));
            tests.add(variant(p, name + " BOM", s -> s, true));
            tests.add(variant(p, name + " form feeds", s -> s.replace("\n\n", "\n\f\n"), false));
        }
        return tests.stream();
    }

    private static DynamicTest variant(Path p, String name, UnaryOperator<String> change, boolean bom) {
        return DynamicTest.dynamicTest(name, () -> {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            FileResult base = X.extract(p.toString(), text.getBytes(StandardCharsets.UTF_8));
            byte[] changed = change.apply(text).getBytes(StandardCharsets.UTF_8);
            if (bom) {
                byte[] withBom = new byte[changed.length + 3];
                withBom[0] = (byte) 0xEF;
                withBom[1] = (byte) 0xBB;
                withBom[2] = (byte) 0xBF;
                System.arraycopy(changed, 0, withBom, 3, changed.length);
                changed = withBom;
            }
            FileResult r = X.extract(p.toString(), changed);
            assertThat(positions(r)).isEqualTo(positions(base));
            assertThat(r.summary().lines()).isEqualTo(base.summary().lines());
            assertThat(r.summary().parseErrors()).isEqualTo(base.summary().parseErrors());
        });
    }

    @Test
    void lineCountFollowsPythonTokenizer() {
        assertThat(X.extract("a.py", bytes("import asyncio\n")).summary().lines()).isEqualTo(1);
        assertThat(X.extract("a.py", bytes("import asyncio")).summary().lines()).isEqualTo(1);
        assertThat(X.extract("a.py", bytes("import asyncio\r\n\r\nx = 1\r")).summary().lines()).isEqualTo(3);
        assertThat(X.extract("a.py", bytes("x = 1\n\n\n")).summary().lines()).isEqualTo(3);
        FileResult empty = X.extract("empty.py", new byte[0]);
        assertThat(empty.summary().lines()).isZero();
        assertThat(empty.usages()).isEmpty();
        assertThat(empty.summary().prefiltered()).isTrue();
        FileResult emptyParsed = X.extract("empty.py", new byte[0], false);
        assertThat(emptyParsed.summary().parseErrors()).isZero();
        assertThat(emptyParsed.usages()).isEmpty();
    }

    @Test
    void columnsCountCharactersAfterFourByteCharacters() {
        String src = "import asyncio\nx = '😀😀'; asyncio.sleep(1)\n";
        Usage u = X.extract("a.py", bytes(src)).usages().get(1);
        assertThat(u.symbol()).isEqualTo("asyncio.sleep");
        assertThat(u.line()).isEqualTo(2);
        // x = '😀😀'; is 10 characters, so the reference starts at column 11 (the emojis are 4 bytes each).
        assertThat(u.column()).isEqualTo(11);
        assertThat(u.endColumn()).isEqualTo(24);
        assertThat(u.sourceLine()).isEqualTo("x = '😀😀'; asyncio.sleep(1)");
    }

    @Test
    void latin1CookieIsHonoured() {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        String src = "# -*- coding: latin-1 -*-\nimport asyncio\nname = 'café'; asyncio.sleep(1)\n";
        FileResult r = X.extract("a.py", src.getBytes(latin1));
        assertThat(r.summary().encoding()).isEqualTo("latin-1");
        assertThat(r.summary().decodeError()).isFalse();
        Usage u = r.usages().get(1);
        assertThat(u.line()).isEqualTo(3);
        assertThat(u.column()).isEqualTo(16);
        assertThat(u.sourceLine()).isEqualTo("name = 'café'; asyncio.sleep(1)");
    }

    @Test
    void undecodableBytesAreFlaggedAndFactsStillFound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("import asyncio\nx = '"));
        out.write(0xFF);
        out.write(0xFE);
        out.writeBytes(bytes("'\nasyncio.run(main())\n"));
        FileResult r = X.extract("bad.py", out.toByteArray());
        assertThat(r.summary().decodeError()).isTrue();
        assertThat(r.usages()).extracting(Usage::symbol).containsExactly("asyncio", "asyncio.run");
        assertThat(r.usages().get(1).line()).isEqualTo(3);
    }

    @Test
    void deeplyNestedCodeDoesNotOverflow() {
        StringBuilder sb = new StringBuilder("import asyncio\nx = ");
        int depth = 20_000;
        sb.append("(".repeat(depth)).append("asyncio.sleep(1)").append(")".repeat(depth)).append('\n');
        StringBuilder blocks = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            blocks.append(" ".repeat(i)).append("if x:\n");
        }
        blocks.append(" ".repeat(300)).append("asyncio.get_event_loop()\n");
        sb.append(blocks);
        FileResult r = X.extract("deep.py", bytes(sb.toString()));
        assertThat(r.usages()).extracting(Usage::symbol)
                .contains("asyncio", "asyncio.sleep", "asyncio.get_event_loop");
    }

    @Test
    void syntaxErrorsAreCountedAndValidPartsStillExtracted() throws Exception {
        Path p = Fixtures.dir().resolve("syntax_error.py");
        FileResult r = X.extract("syntax_error.py", Files.readAllBytes(p));
        assertThat(r.summary().parseErrors()).isPositive();
        assertThat(r.usages()).extracting(Usage::symbol).contains("asyncio.sleep", "asyncio.wait_for");
    }

    @Test
    void summaryCountsAsyncConstructsButNotInStrings() {
        String src = "import asyncio\n"
                + "async def a():\n"
                + "    '''async def await async with'''\n"
                + "    async with x:\n"
                + "        await y\n"
                + "    async for i in z:\n"
                + "        await asyncio.sleep(0)\n"
                + "    return [q async for q in z]  # await async\n"
                + "def b(): pass\n";
        FileSummary s = X.extract("a.py", bytes(src)).summary();
        assertThat(s.asyncDefs()).isEqualTo(1);
        assertThat(s.asyncWiths()).isEqualTo(1);
        assertThat(s.asyncFors()).isEqualTo(2);
        assertThat(s.awaits()).isEqualTo(2);
        assertThat(s.parseErrors()).isZero();
        assertThat(s.prefiltered()).isFalse();
    }

    @Test
    void prefilterSkipsFilesThatNeverMentionATrackedLibrary() {
        FileResult r = X.extract("plain.py", bytes("import os\nasync def f():\n    await g()\n"));
        assertThat(r.summary().prefiltered()).isTrue();
        assertThat(r.summary().awaits()).isNull();
        assertThat(r.summary().lines()).isEqualTo(3);
        FileResult parsed = X.extract("plain.py", bytes("import os\nasync def f():\n    await g()\n"), false);
        assertThat(parsed.summary().prefiltered()).isFalse();
        assertThat(parsed.summary().awaits()).isEqualTo(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
