package io.anyscope.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Checks over every file a run wrote. */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** No regular file under {@code dir} holds {@code secret} (compared byte for byte, whatever the encoding). */
    public static void assertNoneContains(Path dir, String secret) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain(secret);
            }
        }
    }

    /**
     * What a reader of DATA sees: the target of {@code current}, and every file of the generation it points to
     * (path relative to it) with the SHA-256 of its bytes. Two equal results mean nothing committed changed.
     */
    public static Map<String, String> committed(Path data) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path cur = data.resolve(DataSet.CURRENT);
        out.put("current ->", Files.readSymbolicLink(cur).toString());
        Path gen = cur.toRealPath();
        try (Stream<Path> s = Files.walk(gen)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                out.put(gen.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
