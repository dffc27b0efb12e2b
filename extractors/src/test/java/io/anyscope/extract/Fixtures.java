package io.anyscope.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates the annotated fixture files (src/test/resources/fixtures) so that a new file is a new test case. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> pythonFiles() {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.toString().endsWith(".py")).sorted().toList());
            if (out.isEmpty()) {
                throw new IllegalStateException("no fixtures found in " + dir());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
