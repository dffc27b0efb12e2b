package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Import binding: tracked imports become facts and bindings scoped to their function; the innermost wins. */
class ImportBindingsTest {
    @Test
    void eachImportFormBindsItsLocalName() {
        String src = """
                import asyncio.tasks
                import trio as t
                from anyio import sleep, create_task_group as tg
                from asyncio import *
                from . import asyncio_helpers
                import os, json
                """;
        try (PySnippet p = PySnippet.of(src)) {
            ImportBindings imports = p.imports();
            assertThat(p.usages.sorted()).extracting(PySnippet::row).containsExactly(
                    "1:8 import asyncio.tasks@other asyncio.tasks -",
                    "2:8 import trio@other t -",
                    "3:19 import anyio.sleep@other sleep -",
                    "3:26 import anyio.create_task_group@other tg -",
                    "4:21 import asyncio.*@other * -");
            assertThat(imports.resolve("asyncio", p.at("import os")).qualified()).isEqualTo("asyncio");
            assertThat(imports.resolve("t", p.at("import os")).qualified()).isEqualTo("trio");
            assertThat(imports.resolve("tg", p.at("import os")).qualified()).isEqualTo("anyio.create_task_group");
            // a wildcard binds every catalogued member of the module
            assertThat(imports.resolve("gather", p.at("import os")).qualified()).isEqualTo("asyncio.gather");
            assertThat(imports.names()).contains("asyncio", "t", "sleep", "tg").doesNotContain("os", "json", "asyncio_helpers");
            assertThat(imports.inImport(p.at("tasks"))).isTrue();
            assertThat(imports.inImport(p.at("import os"))).isFalse();
        }
    }

    @Test
    void aFunctionsImportAppliesInsideItOnlyAndTheInnermostWins() {
        String src = """
                import trio as lib
                def f():
                    import anyio as lib
                    def g():
                        lib
                    lib
                lib
                """;
        try (PySnippet p = PySnippet.of(src)) {
            ImportBindings imports = p.imports();
            assertThat(imports.resolve("lib", p.source.indexOf("lib\n", p.at("def g"))).qualified())
                    .isEqualTo("anyio");
            assertThat(imports.resolve("lib", p.source.lastIndexOf("    lib")).qualified()).isEqualTo("anyio");
            assertThat(imports.resolve("lib", p.source.lastIndexOf("lib")).qualified()).isEqualTo("trio");
        }
    }

    @Test
    void aNameOutsideTheImportingFunctionIsUnbound() {
        try (PySnippet p = PySnippet.of("def f():\n    import asyncio\nasyncio.run(f())\n")) {
            assertThat(p.imports().resolve("asyncio", p.at("asyncio.run"))).isNull();
        }
    }

    @Test
    void libraryHitsAfterADotAreHandedOn() {
        try (PySnippet p = PySnippet.of("import pytest\n@pytest.mark.anyio\nasync def test(): pass\n")) {
            List<String> dotted = new ArrayList<>();
            ImportBindings imports = new ImportBindings(p.file, p.scopes, PySnippet.CATALOG, p.usages);
            imports.find(new String[] {"anyio", "asyncio"}, (at, lib) -> dotted.add(at + " " + lib));
            assertThat(dotted).containsExactly(p.at("anyio") + " anyio");
            assertThat(imports.names()).isEmpty();
            assertThat(p.usages.sorted()).isEmpty();
        }
    }
}
