package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LiteralsTest {
    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsAWordAnywhereAsIndexOfDoes() {
        Literals l = new Literals(List.of("anyio", "trio", "asyncio"));
        assertThat(l.foundIn(latin1("import anyio\n"))).isTrue();
        assertThat(l.foundIn(latin1("anyio"))).isTrue();                 // the whole text
        assertThat(l.foundIn(latin1("x = 'strio'"))).isTrue();           // inside a word, as indexOf
        assertThat(l.foundIn(latin1("import asynci"))).isFalse();         // cut at the end
        assertThat(l.foundIn(latin1("import any_io, tri, o"))).isFalse();
        assertThat(l.foundIn(new byte[0])).isFalse();
    }

    @Test
    void wordsOfOneCharacterEmptyAndOutsideLatin1() {
        assertThat(new Literals(List.of("q")).foundIn(latin1("abcq"))).isTrue();
        assertThat(new Literals(List.of("q")).foundIn(latin1("abc"))).isFalse();
        assertThat(new Literals(List.of("")).foundIn(new byte[0])).isTrue();
        assertThat(new Literals(List.of("\u0100x")).foundIn("\u0100x".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(new Literals(List.of("caf\u00e9")).foundIn(latin1("un caf\u00e9"))).isTrue();
    }

    /**
     * Random texts over a small alphabet (many near misses, line ends of every kind, sometimes a byte-order mark)
     * against String.indexOf on the ISO-8859-1 text; when no word occurs, the line count is countLines'.
     */
    @Test
    void agreesWithIndexOfOnRandomTexts() {
        Random r = new Random(7);
        String alphabet = "abio\n\r";
        for (int round = 0; round < 2000; round++) {
            List<String> words = new ArrayList<>();
            for (int w = r.nextInt(4); w >= 0; w--) {
                words.add(random(r, alphabet, 1 + r.nextInt(4)));
            }
            String text = (r.nextInt(5) == 0 ? "\u00ef\u00bb\u00bf" : "") + random(r, alphabet, r.nextInt(40));
            boolean expected = words.stream().anyMatch(text::contains);
            Literals l = new Literals(words);
            assertThat(l.foundIn(latin1(text))).as("%s in %s", words, text).isEqualTo(expected);
            assertThat(l.linesIfAbsent(latin1(text))).as("%s in %s", words, text)
                    .isEqualTo(expected ? -1 : PythonExtractor.countLines(latin1(text)));
        }
    }

    /**
     * With a rule for which occurrences count (here: those not right after a dot), -1 exactly when a counting
     * occurrence exists, found by String.indexOf from every offset; else countLines' line count, in the same pass.
     */
    @Test
    void onlyOccurrencesThatCountAreHits() {
        Random r = new Random(17);
        String alphabet = "abio.\n\r";
        Literals.Hit notAfterDot = (b, at, length) -> at == 0 || b[at - 1] != '.';
        for (int round = 0; round < 3000; round++) {
            List<String> words = new ArrayList<>();
            for (int w = r.nextInt(3); w >= 0; w--) {
                words.add(random(r, "abio", 2 + r.nextInt(3)));
            }
            String text = random(r, alphabet, r.nextInt(40));
            boolean expected = false;
            for (String w : words) {
                for (int i = text.indexOf(w); i >= 0 && !expected; i = text.indexOf(w, i + 1)) {
                    expected = i == 0 || text.charAt(i - 1) != '.';
                }
            }
            Literals l = new Literals(words);
            assertThat(l.linesIfNone(latin1(text), notAfterDot)).as("%s in %s", words, text)
                    .isEqualTo(expected ? -1 : PythonExtractor.countLines(latin1(text)));
        }
    }

    private static String random(Random r, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
