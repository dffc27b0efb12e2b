package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many facts on one line, and long lines: each fact's position, column (in code points) and trimmed source line
 * are what the definitions say, however long the line (the extractor reads a bounded window of it).
 */
class LongLinesTest {
    private static final PythonExtractor X = new PythonExtractor(Catalog.loadDefault());

    /** The definition: the whole line, stripped, cut to max code points. */
    private static String naiveLineText(String line, int max) {
        String s = line.strip();
        return s.codePointCount(0, s.length()) > max ? s.substring(0, s.offsetByCodePoints(0, max)) : s;
    }

    @Test
    void lineTextMatchesTheDefinitionOnLongAndOddLines() {
        List<String> lines = List.of(
                "\u3000 asyncio.sleep(1)" + " ".repeat(5000) + "\u2003",
                "x = \"" + "é".repeat(300) + "\"; asyncio.sleep(2)",
                "  asyncio.run(f())" + " ".repeat(190) + "z",
                "\tasyncio.gather(a)" + " ".repeat(900),
                "\t" + "𝒳".repeat(199) + " " + " ".repeat(3000) + "y",
                "a" + " ".repeat(199) + "\u2028" + " ".repeat(10),
                " ".repeat(4000),
                "",
                "short line  ");
        String text = String.join("\n", lines) + "\n";
        SourceText src = SourceText.decode(text.getBytes(StandardCharsets.UTF_8));
        for (int max : new int[] {1, 5, 199, 200, 201, 1000}) {
            SourceText fresh = SourceText.decode(text.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < lines.size(); i++) {
                assertThat(fresh.lineText(i + 1, max)).as("line %d, max %d", i + 1, max)
                        .isEqualTo(naiveLineText(lines.get(i), max));
            }
        }
        assertThat(src.lineText(2, Usage.MAX_SOURCE_LINE)).isSameAs(src.lineText(2, Usage.MAX_SOURCE_LINE));
    }

    @Test
    void columnsCountCodePointsFarIntoALongLine() {
        StringBuilder sb = new StringBuilder("import asyncio");
        int calls = 5000;
        for (int i = 0; i < calls; i++) {
            sb.append(i % 3 == 0 ? ";s=\"é日😀\"" : "").append(";asyncio.sleep(").append(i).append(')');
        }
        String line = sb.toString();
        FileResult r = X.extract("one_line.py", (line + "\n").getBytes(StandardCharsets.UTF_8));
        List<Usage> calls0 = new ArrayList<>();
        for (Usage u : r.usages()) {
            if (u.kind().equals("call")) {
                calls0.add(u);
            }
        }
        assertThat(calls0).hasSize(calls);
        int from = 0;
        for (int i = 0; i < calls; i++) {
            Usage u = calls0.get(i);
            int at = line.indexOf("asyncio.sleep(" + i + ")", from);
            from = at + 1;
            assertThat(u.line()).isEqualTo(1);
            assertThat(u.column()).isEqualTo(line.codePointCount(0, at) + 1);
            int end = at + "asyncio.sleep".length(); // a call fact ends with its callee
            assertThat(u.endColumn()).isEqualTo(line.codePointCount(0, end) + 1);
            assertThat(u.sourceLine()).isEqualTo(naiveLineText(line, Usage.MAX_SOURCE_LINE));
        }
    }
}
