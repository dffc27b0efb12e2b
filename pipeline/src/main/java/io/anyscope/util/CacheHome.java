package io.anyscope.util;

import java.nio.file.Path;

/** anyscope's per-user cache: {@code $XDG_CACHE_HOME/anyscope}, else {@code ~/.cache/anyscope}. */
public final class CacheHome {
    private CacheHome() {
    }

    /** The directory {@code name} in anyscope's cache (not created). */
    public static Path dir(String name) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("anyscope").resolve(name).toAbsolutePath();
    }
}
