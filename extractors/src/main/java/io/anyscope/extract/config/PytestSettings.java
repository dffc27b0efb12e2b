package io.anyscope.extract.config;

import java.util.Set;
import java.util.regex.Pattern;

/** Which pytest settings bear on the migration. */
final class PytestSettings {
    /** Reported whatever their value. */
    static final Set<String> ALWAYS = Set.of("asyncio_mode", "asyncio_default_fixture_loop_scope",
            "asyncio_default_test_loop_scope", "anyio_backends", "trio_mode", "trio_run");
    static final String MARKERS = "markers";
    static final String ADDOPTS = "addopts";
    private static final Pattern ASYNC_WORD = Pattern.compile("(?i)asyncio|anyio|trio");

    private PytestSettings() {
    }

    /** True when a marker line or an addopts value mentions asyncio, trio or anyio ({@code -p anyio}, {@code -p no:asyncio}, {@code --asyncio-mode}). */
    static boolean mentionsAsync(String value) {
        return ASYNC_WORD.matcher(value).find();
    }
}
