package io.anyscope.check;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marker search that decides whether a file's suppression comments are read at all: it must find
 * {@code anyscope:} wherever it is, as a plain search does, or a file's suppressions would be silently ignored.
 */
class SuppressionsMarkTest {
    @Test
    void findsTheMarkerExactlyWhereAPlainSearchDoes() {
        Random r = new Random(11);
        String alphabet = "anyscope:# \n";
        int found = 0;
        for (int round = 0; round < 20000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(60);
            for (int i = 0; i < n; i++) {
                sb.append(r.nextInt(8) == 0 ? "anyscope:".substring(0, 1 + r.nextInt(9))
                        : String.valueOf(alphabet.charAt(r.nextInt(alphabet.length()))));
            }
            String text = sb.toString();
            boolean expected = text.contains("anyscope:");
            found += expected ? 1 : 0;
            assertThat(Suppressions.hasMark(text.getBytes(StandardCharsets.ISO_8859_1))).as(text)
                    .isEqualTo(expected);
        }
        assertThat(found).as("some texts hold the marker").isGreaterThan(100);
        assertThat(Suppressions.hasMark("anyscope:".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(Suppressions.hasMark("anyscope".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Suppressions.hasMark(new byte[0])).isFalse();
    }

    @Test
    void aCommentAtTheVeryEndIsRead() {
        byte[] src = "import asyncio\nasyncio.run(main())  # anyscope: ignore[asyncio.run] entry point"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Suppressions.of(src).find(2, "asyncio.run", "asyncio.run")).isNotNull();
        assertThat(Suppressions.of(src).find(1, "asyncio.run", "asyncio.run")).isNull();
    }
}
