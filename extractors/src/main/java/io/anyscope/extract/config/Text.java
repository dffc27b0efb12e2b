package io.anyscope.extract.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Decoding of configuration files: UTF-8, a leading BOM dropped, every line ending ({@code \r\n}, {@code \r}) made {@code \n}. */
final class Text {
    private Text() {
    }

    /** The decoded text; malformed UTF-8 becomes U+FFFD. Line numbers are kept: each line ending becomes one {@code \n}. */
    static String decode(byte[] content) {
        // The String constructor replaces malformed input, exactly as a decoder set to REPLACE does, and cannot throw.
        String s = new String(content, StandardCharsets.UTF_8);
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The lines of normalised text, without their terminators. */
    static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    /** A copy of the bytes with every lone {@code \r} made {@code \n}; same length, so byte offsets hold. */
    static byte[] loneCrToLf(byte[] content) {
        byte[] out = content.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\r' && (i + 1 == out.length || out[i + 1] != '\n')) {
                out[i] = '\n';
            }
        }
        return out;
    }
}
