package io.anyscope.catalog;

/**
 * A library whose usage anyscope tracks.
 *
 * @param name   import name ({@code asyncio}, {@code trio_asyncio})
 * @param role   {@code legacy} (usage must move), {@code target} (AnyIO itself), {@code bridge} (helps during the
 *               move, e.g. sniffio) or {@code blocker} (asyncio-only ecosystem that stands in the way)
 * @param pypi   distribution name on PyPI, used to match declared dependencies ({@code nest-asyncio})
 * @param note   one sentence for reports
 * @param backendOf the target library that can run on this one ({@code anyio} for {@code trio}), empty when none: a
 *               dependency on it declared beside that target is the target's backend, not a blocker
 */
public record TrackedLibrary(String name, String role, String pypi, String note, String backendOf) {
    /**
     * Whether a dependency on this library, declared beside dependencies on {@code declared} (library names), is the
     * backend of one of them ({@link #backendOf}) rather than a dependency to remove. {@code mart_dependency_blockers}
     * (src/sql/23_scope.sql) applies the same rule to a snapshot's declarations.
     */
    public boolean isBackendAmong(java.util.Collection<String> declared) {
        return !backendOf.isEmpty() && declared.contains(backendOf);
    }
}
