package io.anyscope.extract;

/**
 * A fact from project configuration or test code that bears on the migration.
 *
 * @param kind      {@code dependency} (a declared requirement), {@code pytest_setting} ({@code asyncio_mode},
 *                  {@code anyio_backends}, ...), {@code test_marker} ({@code pytest.mark.asyncio} in code) or
 *                  {@code fixture} (an {@code anyio_backend} fixture in code)
 * @param name      normalised name: the PyPI distribution for dependencies ({@code pytest-asyncio}), the setting
 *                  name, the marker ({@code pytest.mark.anyio}) or the fixture name
 * @param value     version specifier for dependencies ({@code >=4.0}, empty when none), the setting's value, or the
 *                  marker's arguments
 * @param section   where it was declared ({@code project.dependencies}, {@code project.optional-dependencies.test},
 *                  {@code tool.pytest.ini_options}, {@code options.install_requires}, {@code requirements},
 *                  {@code code})
 * @param line      1-based line of the declaration, 0 when the format does not tell
 */
public record ConfigFact(String kind, String name, String value, String section, int line) {
}
