package io.anyscope.extract.config;

import io.anyscope.catalog.CatalogException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTrackedDependenciesTest {

    @Test
    void shippedListHasTheMigrationDistributions() {
        TrackedDependencies d = TrackedDependencies.loadDefault();
        assertThat(d.entries().keySet()).contains("anyio", "trio", "pytest-asyncio", "pytest-trio", "pytest-anyio",
                "trio-asyncio", "aiohttp", "aiofiles", "async-timeout", "uvloop", "nest-asyncio", "sniffio", "asyncio",
                "curio", "httpx");
        assertThat(d.lookup("anyio")).hasValueSatisfying(e -> assertThat(e.role()).isEqualTo("target"));
        assertThat(d.lookup("Pytest_Asyncio")).hasValueSatisfying(e -> assertThat(e.role()).isEqualTo("testing"));
        assertThat(d.entries().values()).allSatisfy(e -> {
            assertThat(TrackedDependencies.ROLES).contains(e.role());
            assertThat(e.note()).isNotBlank();
        });
        assertThat(d.isTracked("requests")).isFalse();
    }

    @Test
    void rejectsUnknownRolesAndDuplicates() {
        assertThatThrownBy(() -> load("dependencies:\n  - {name: anyio, role: favourite}\n"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("unknown role");
        assertThatThrownBy(() -> load("dependencies:\n  - {name: nest_asyncio, role: blocker}\n"
                + "  - {name: Nest-Asyncio, role: blocker}\n"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("duplicate entry nest-asyncio");
        assertThatThrownBy(() -> load("version: x\n"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("dependencies");
    }

    private static TrackedDependencies load(String yaml) throws Exception {
        return TrackedDependencies.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
