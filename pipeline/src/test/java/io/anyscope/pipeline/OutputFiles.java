package io.anyscope.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks over every file a run wrote. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** No regular file under {@code dir} holds {@code secret} (compared byte for byte, whatever the encoding). */
    static void assertNoneContains(Path dir, String secret) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain(secret);
            }
        }
    }
}
