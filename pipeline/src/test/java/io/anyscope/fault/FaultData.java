package io.anyscope.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data sets for the fault cases: a good scan of the {@link Healthy} repository alone, made once per test class and
 * copied for each case, so that a case runs its bad scan into a DATA that already holds a committed generation.
 */
public final class FaultData {
    private FaultData() {
    }

    /** Scans {@code healthy} alone into {@code data} (must exit 0) and returns {@code data}. */
    public static Path goodScan(Path data, Path cache, Path healthy, String... options) {
        FaultRun run = FaultRun.scan(data, cache, List.of(healthy), options);
        assertThat(run.code()).as(run.toString()).isZero();
        FaultAssertions.assertNoStackTrace(run.err());
        return data;
    }

    /** A copy of a data set (its {@code current} link is relative, so the copy is a data set of its own). */
    public static Path copy(Path data, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(data.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
