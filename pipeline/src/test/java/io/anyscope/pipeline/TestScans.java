package io.anyscope.pipeline;

import io.anyscope.git.History;

import java.nio.file.Path;

/** The settings the scan tests share: a history mode, a cache, a size cap, no progress display. */
final class TestScans {
    private TestScans() {
    }

    static ScanOptions options(History.Mode history, Path cache, long maxFileBytes, String arguments) {
        ScanOptions o = ScanOptions.create();
        o.setHistory(history);
        o.setCache(cache.toAbsolutePath().toString());
        o.setMaxFileBytes(maxFileBytes);
        o.setProgress(false);
        o.setArguments(arguments);
        return o;
    }
}
