package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte prefilter skips a file only when parsing it could give nothing: a tracked library's name that is a whole
 * word right after a dot ({@code sqlalchemy.ext.asyncio}, {@code self.trio}) is no reason to parse, any other
 * occurrence is, and so is pytest's {@code mark.<library>}.
 */
class PrefilterTest {
    private static final PythonExtractor X = new PythonExtractor(Catalog.loadDefault());

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLibraryNameOnlyAfterADotIsNoReasonToParse() {
        FileResult r = X.extract("db.py", bytes("""
                from sqlalchemy.ext.asyncio import AsyncSession
                import websockets.asyncio.client  # the websockets.asyncio API
                class A:
                    async def f(self):
                        await self.trio.x(a.anyio)
                """));
        assertThat(r.summary().prefiltered()).isTrue();
        assertThat(r.summary().lines()).isEqualTo(5);
        assertThat(r.usages()).isEmpty();
        assertThat(r.summary().asyncDefs()).isNull();
    }

    @Test
    void everyOtherOccurrenceIsParsed() {
        for (String src : List.of(
                "import asyncio\n",
                "x = self.asyncio_helper\n",                   // inside a longer identifier
                "x = self.trio_asyncio\n",
                "x = self.asyncioé\n",                         // a non-ASCII identifier character follows
                "y = a.\\\n    asyncio\n",                     // not right after the dot
                "anyio.sleep(1)\n",                            // used without an import: a broken site
                "# asyncio\n",
                "@pytest.mark.anyio\nasync def test_a():\n    pass\n",
                "pytestmark = mark.trio\n")) {
            assertThat(X.mayHoldFacts(bytes(src))).as(src).isTrue();
            assertThat(X.extract("a.py", bytes(src)).summary().prefiltered()).as(src).isFalse();
        }
        FileResult marker = X.extract("test_a.py", bytes("import pytest\n@pytest.mark.anyio\nasync def test_a():\n"
                + "    pass\n"));
        assertThat(marker.configFacts()).extracting(ConfigFact::name).contains("pytest.mark.anyio");
    }

    /**
     * Files of random fragments that name the libraries in every way (imports, attributes, dotted modules, markers,
     * strings, comments, longer identifiers): with the prefilter the extractor gives exactly the facts, configuration
     * facts and findings it gives when it parses every file.
     */
    @Test
    void thePrefilterNeverDropsAFact() {
        List<String> fragments = List.of(
                "import asyncio\n", "import trio\n", "import anyio\n", "import pytest\n",
                "from sqlalchemy.ext.asyncio import AsyncSession\n", "import websockets.asyncio.client\n",
                "x = self.trio\n", "y = foo.anyio.sleep(1)\n", "z = a.asyncio.get_event_loop()\n",
                "# see the trio docs\n", "s = 'asyncio'\n", "anyio.sleep(1)\n", "from .trio import helper\n",
                "from mark.asyncio import q\n", "trio_asyncio.open_loop()\n", "uvloop.install()\n",
                "async def f():\n    await a.uvloop.run()\n", "async def g(tg):\n    await tg.start_soon(f)\n",
                "@pytest.mark.anyio\nasync def test_a():\n    await anyio.sleep(0)\n",
                "pytestmark = pytest.mark.trio\n", "async def h():\n    async with anyio.create_task_group() as tg:\n"
                        + "        tg.start_soon(h)\n",
                "def k():\n    return x.curio\n", "t = asyncio.create_task(f())\n", "class B(self.sniffio.X):\n    pass\n");
        Random r = new Random(11);
        int skipped = 0;
        int parsed = 0;
        for (int round = 0; round < 400; round++) {
            StringBuilder src = new StringBuilder();
            for (int i = r.nextInt(5); i >= 0; i--) {
                src.append(fragments.get(r.nextInt(fragments.size())));
            }
            String text = src.toString();
            byte[] b = bytes(text);
            FileResult with = X.extract("m.py", b);
            FileResult without = X.extract("m.py", b, false);
            assertThat(with.usages()).as(text).isEqualTo(without.usages());
            assertThat(with.configFacts()).as(text).isEqualTo(without.configFacts());
            assertThat(with.findings()).as(text).isEqualTo(without.findings());
            assertThat(with.summary().lines()).as(text).isEqualTo(without.summary().lines());
            if (with.summary().prefiltered()) {
                skipped++;
            } else {
                parsed++;
            }
        }
        assertThat(skipped).as("files the prefilter skipped").isGreaterThan(20);
        assertThat(parsed).as("files it parsed").isGreaterThan(100);
    }
}
