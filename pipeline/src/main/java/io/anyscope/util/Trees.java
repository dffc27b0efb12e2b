package io.anyscope.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Recursive deletion of directory trees, the one deleter every part of anyscope uses. */
public final class Trees {
    private Trees() {
    }

    /**
     * Deletes a file or a directory tree, deepest entries first. Symbolic links are deleted, never followed (a link
     * to a directory loses the link, not the directory's content). Nothing happens when {@code p} does not exist.
     *
     * @throws IOException when an entry cannot be deleted (entries deleted before stay deleted)
     */
    public static void delete(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.walk(p)) {
            entries = s.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path x : entries) {
            Files.deleteIfExists(x);
        }
    }

    /** {@link #delete}, best effort: failures are ignored, and {@code null} is nothing to delete. */
    public static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            delete(p);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
