package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade dispatches on the file name and merges code and configuration facts for setup.py. */
class ExtractorTest {
    private final Extractor x = new Extractor(Catalog.loadDefault());

    @Test
    void setupPyGivesUsagesAndDeclaredDependencies() throws Exception {
        String src = "import asyncio\nfrom setuptools import setup\n"
                + "setup(name='x', install_requires=['anyio>=4', 'requests'])\n"
                + "asyncio.run(main())\n";
        FileResult r = x.extract("pkg/setup.py", src.getBytes(StandardCharsets.UTF_8));
        assertThat(r.summary().fileType()).isEqualTo("setup_py");
        assertThat(r.usages()).extracting(Usage::symbol).containsExactly("asyncio", "asyncio.run");
        assertThat(r.configFacts()).extracting(ConfigFact::kind, ConfigFact::name, ConfigFact::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dependency", "anyio", ">=4"));
        assertThat(r.summary().configFacts()).isEqualTo(1);
    }

    /**
     * Python identifiers may be non-ASCII (PEP 3131): a name an import binds is followed whatever its letters, as
     * Python's own ast resolves it, in a UTF-8 file and in a Latin-1 one that says so.
     */
    @Test
    void aNonAsciiNameBoundByAnImportIsFollowed() throws Exception {
        String src = "from trio import sleep as dorm\u00edr\n\nasync def f():\n    await dorm\u00edr(1)\n"
                + "    x = [dorm\u00edr, dorm\u00edra]\n";
        FileResult r = x.extract("m.py", src.getBytes(StandardCharsets.UTF_8));
        assertThat(r.usages()).extracting(u -> u.line() + " " + u.kind() + " " + u.symbol())
                .contains("1 import trio.sleep", "4 call trio.sleep", "5 access trio.sleep")
                .hasSize(3);
        String nursery = "import trio\n\nasync def f():\n    async with trio.open_nursery() as gu\u00e9:\n"
                + "        gu\u00e9.start_soon(g)\n";
        assertThat(x.extract("n.py", nursery.getBytes(StandardCharsets.UTF_8)).usages())
                .extracting(u -> u.line() + " " + u.kind() + " " + u.symbol())
                .contains("5 method trio.Nursery.start_soon");
        FileResult latin1 = x.extract("l.py", ("# -*- coding: latin-1 -*-\n" + src)
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.usages()).extracting(u -> u.line() + " " + u.kind() + " " + u.symbol())
                .contains("2 import trio.sleep", "5 call trio.sleep", "6 access trio.sleep")
                .hasSize(3);
    }

    @Test
    void configurationFilesGiveConfigFactsAndProblems() throws Exception {
        FileResult ok = x.extract("requirements-dev.txt",
                "pytest-asyncio==0.23.0\nanyio\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.summary().fileType()).isEqualTo("requirements");
        assertThat(ok.summary().lines()).isEqualTo(2);
        assertThat(ok.configFacts()).extracting(ConfigFact::name).containsExactly("pytest-asyncio", "anyio");
        FileResult bad = x.extract("pyproject.toml", "[project\nname = 1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.problems()).singleElement().asString().startsWith("pyproject.toml");
    }

    @Test
    void binaryAndUnsupportedFilesAreRefusedWithTheirKind() {
        assertThatThrownBy(() -> x.extract("a.py", new byte[] {'i', 0, 'x'}))
                .isInstanceOf(ExtractionException.class)
                .satisfies(e -> assertThat(((ExtractionException) e).kind()).isEqualTo("binary"));
        assertThatThrownBy(() -> x.extract("README.md", new byte[0]))
                .isInstanceOf(ExtractionException.class)
                .satisfies(e -> assertThat(((ExtractionException) e).kind()).isEqualTo("unsupported"));
    }

    @Test
    void theGivenParserIsTrustedWhateverThePathSays() throws Exception {
        FileResult r = x.extract("deps/list.txt", FileKinds.REQUIREMENTS, "anyio>=4\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.summary().fileType()).isEqualTo("requirements");
        assertThat(r.configFacts()).extracting(ConfigFact::name).containsExactly("anyio");
        FileResult py = x.extract("tool", FileKinds.PYTHON, "import trio\n".getBytes(StandardCharsets.UTF_8));
        assertThat(py.summary().fileType()).isEqualTo("python");
        assertThat(py.usages()).extracting(Usage::symbol).containsExactly("trio");
        assertThatThrownBy(() -> x.extract("a.py", null, new byte[0]))
                .isInstanceOf(ExtractionException.class)
                .satisfies(e -> assertThat(((ExtractionException) e).kind()).isEqualTo("unsupported"));
    }

    @Test
    void checkReadableRefusesUnsupportedBeforeBinary() {
        assertThatThrownBy(() -> Extractor.checkReadable("a.png", null, new byte[] {0}))
                .isInstanceOf(ExtractionException.class)
                .hasMessage("a.png: not a file anyscope reads");
        assertThatThrownBy(() -> Extractor.checkReadable("a.py", FileKinds.PYTHON, new byte[] {'i', 0}))
                .isInstanceOf(ExtractionException.class)
                .hasMessage("a.py: binary content (NUL byte), not read");
        org.assertj.core.api.Assertions.assertThatCode(
                () -> Extractor.checkReadable("a.py", FileKinds.PYTHON, "x = 1\n".getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }
}
