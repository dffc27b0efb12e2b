package io.anyscope.extract.config;

import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.FileKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.treesitter.AnyscopeTs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Edge cases beside the golden files. */
class ConfigExtractorTest {
    private final ConfigExtractor x = new ConfigExtractor();

    private ConfigExtractor.Result run(String parser, String path, String text) {
        return x.extract(parser, path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> rows(ConfigExtractor.Result r) {
        return r.facts().stream()
                .map(f -> f.kind() + "|" + f.name() + "|" + f.value() + "|" + f.section() + "|" + f.line()).toList();
    }

    @Test
    void setupPyNameInsteadOfListIsAProblemAndNoFacts() {
        var r = run(FileKinds.SETUP_PY, "pkg/setup.py",
                "from setuptools import setup\nREQS = ['anyio']\nsetup(install_requires=REQS, extras_require=dict(t=['trio']))\n");
        assertThat(r.facts()).isEmpty();
        assertThat(r.problems()).containsExactly("pkg/setup.py: install_requires is not a literal list",
                "pkg/setup.py: extras_require is not a literal dict");
    }

    @Test
    void setupPyStringValueIsOneRequirementALine() {
        var r = run(FileKinds.SETUP_PY, "setup.py",
                "import setuptools\nsetuptools.setup(\n    install_requires='''anyio>=4\ntrio\n''',\n)\n");
        assertThat(rows(r)).containsExactly("dependency|anyio|>=4|setup.install_requires|3",
                "dependency|trio||setup.install_requires|4");
    }

    @Test
    void setupPyWithoutSetupCallOrWithSplatGivesNothing() {
        assertThat(run(FileKinds.SETUP_PY, "setup.py", "kw = {}\nsetup(**kw)\nother(install_requires=x)\n"))
                .isEqualTo(new ConfigExtractor.Result(List.of(), List.of()));
    }

    @Test
    void setupPyFStringIsNotALiteral() {
        var r = run(FileKinds.SETUP_PY, "setup.py", "setup(tests_require=[f'anyio>={V}'])\n");
        assertThat(r.facts()).isEmpty();
        assertThat(r.problems()).containsExactly("setup.py: tests_require is not a literal list");
    }

    @Test
    void setupPyTreesAreOwnedAndFreedAtOnce() {
        // Native trees must not wait for the garbage collector: each read parses one owned tree (AnyscopeTs) and
        // frees it before returning, a broken file's tree too.
        String setupPy = "from setuptools import setup\nsetup(\n    install_requires=['anyio>=4', 'trio'],\n"
                + "    extras_require={'t': ['pytest-trio']},\n)\n";
        assertThat(AnyscopeTs.FAST).as("tree-sitter binding internals as AnyscopeTs expects (owned trees)").isTrue();
        long owned = AnyscopeTs.ownedTrees();
        long live = AnyscopeTs.liveTrees();
        int reads = 1_000;
        for (int i = 0; i < reads; i++) {
            var r = run(FileKinds.SETUP_PY, "setup.py", i % 50 == 49 ? "setup(install_requires=[(" : setupPy);
            if (i % 50 != 49) {
                assertThat(rows(r)).containsExactly("dependency|anyio|>=4|setup.install_requires|3",
                        "dependency|trio||setup.install_requires|3",
                        "dependency|pytest-trio||setup.extras_require.t|4");
            }
        }
        assertThat(AnyscopeTs.ownedTrees() - owned).isEqualTo(reads);
        assertThat(AnyscopeTs.liveTrees()).isEqualTo(live);
    }

    @Test
    void malformedUtf8IsReplacedAndLineEndingsAndBomNormalised() throws Exception {
        byte[] b = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', (byte) 0xC3, '\r', '\n', (byte) 0xED, (byte) 0xA0,
            (byte) 0x80, '\r', 'b', (byte) 0xF0, (byte) 0x9F, '\n', (byte) 0xC3, (byte) 0xA9};
        // what a UTF-8 decoder replacing malformed input gives, BOM dropped and line endings made \n
        String replaced = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(b)).toString().substring(1).replace("\r\n", "\n").replace('\r', '\n');
        assertThat(Text.decode(b)).isEqualTo(replaced).isEqualTo("a\uFFFD\n\uFFFD\nb\uFFFD\n\u00E9");
        byte[] latin1 = "x\u00e9\nanyio>=4\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rows(x.extract(FileKinds.REQUIREMENTS, "requirements.txt", latin1)))
                .containsExactly("dependency|anyio|>=4|requirements|2");
    }

    @Test
    void untrackedDistributionsAreNotReported() {
        var r = run(FileKinds.REQUIREMENTS, "requirements.txt", "requests>=2\nDjango\nanyio\n");
        assertThat(rows(r)).containsExactly("dependency|anyio||requirements|3");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void pep508UrlRequirementsAreDependenciesNotProblems() {
        var req = run(FileKinds.REQUIREMENTS, "requirements.txt", """
                anyio @ git+https://github.com/agronholm/anyio.git@4.4.0; python_version < "3.12"
                trio[dev, docs] @ https://example.org/trio-0.25.0.tar.gz
                nest-asyncio @ git+https://github.com/erdewit/nest_asyncio.git@v1.6.0 ; sys_platform == 'linux'
                """);
        assertThat(rows(req)).containsExactly("dependency|anyio||requirements|1", "dependency|trio||requirements|2",
                "dependency|nest-asyncio||requirements|3");
        assertThat(req.problems()).isEmpty();
        var toml = run(FileKinds.PYPROJECT, "pyproject.toml", """
                [project]
                dependencies = [
                  "anyio[trio] @ git+https://github.com/agronholm/anyio.git@4.4.0; python_version < '3.12'",
                ]
                """);
        assertThat(rows(toml)).containsExactly("dependency|anyio||project.dependencies|3");
        assertThat(toml.problems()).isEmpty();
    }

    @Test
    void commentLineEndsAContinuationAndBackslashAtEofIsHarmless() {
        var r = run(FileKinds.REQUIREMENTS, "requirements.txt", "# note \\\ntrio>=0.22 \\\n");
        assertThat(rows(r)).containsExactly("dependency|trio|>=0.22|requirements|2");
    }

    @Test
    void equalStringsInTwoTablesGetTheirOwnLines() {
        var r = run(FileKinds.PYPROJECT, "pyproject.toml", """
                [project.optional-dependencies]
                a = ["anyio"]
                b = ["anyio"]
                [dependency-groups]
                c = ["anyio"]
                """);
        assertThat(rows(r)).containsExactly(
                "dependency|anyio||project.optional-dependencies.a|2",
                "dependency|anyio||project.optional-dependencies.b|3",
                "dependency|anyio||dependency-groups.c|5");
    }

    @Test
    void pyprojectWrongShapesAreProblems() {
        var r = run(FileKinds.PYPROJECT, "pyproject.toml", """
                [project]
                dependencies = "anyio"
                [project.optional-dependencies]
                t = ["anyio 4", 3]
                """);
        assertThat(r.facts()).isEmpty();
        assertThat(r.problems()).containsExactly(
                "pyproject.toml: project.dependencies is not an array of strings",
                "pyproject.toml: line 4: not a requirement in project.optional-dependencies.t: anyio 4",
                "pyproject.toml: project.optional-dependencies.t has a non-string item: 3");
    }

    @Test
    void nativePytestTableOfPytest9() {
        var r = run(FileKinds.PYPROJECT, "pyproject.toml", """
                [tool.pytest]
                addopts = ["-p", "anyio"]
                anyio_backends = ["asyncio", "trio"]
                """);
        assertThat(rows(r)).containsExactly("pytest_setting|addopts|-p anyio|tool.pytest|2",
                "pytest_setting|anyio_backends|asyncio, trio|tool.pytest|3");
    }

    @Test
    void iniProblemsAreReportedAndReadingGoesOn() {
        var r = run(FileKinds.PYTEST_INI, "pytest.ini", """
                stray = 1
                [pytest]
                just some words
                asyncio_mode = auto
                asyncio_mode = strict
                """);
        assertThat(rows(r)).containsExactly("pytest_setting|asyncio_mode|auto|pytest|4",
                "pytest_setting|asyncio_mode|strict|pytest|5");
        assertThat(r.problems()).containsExactly(
                "pytest.ini: line 1: text before the first [section]",
                "pytest.ini: line 3: not a section, an option or a continuation: just some words",
                "pytest.ini: line 5: duplicate option 'asyncio_mode' in [pytest]");
    }

    @Test
    void sectionHeaderWithATrailingComment() {
        var r = run(FileKinds.PYTEST_INI, "pytest.ini", "[pytest]  ; settings\nasyncio_mode=auto\n");
        assertThat(rows(r)).containsExactly("pytest_setting|asyncio_mode|auto|pytest|2");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void pytestIniReadsOnlyThePytestSection() {
        var r = run(FileKinds.PYTEST_INI, "pytest.ini", "[tool:pytest]\nasyncio_mode = auto\n");
        assertThat(r.facts()).isEmpty();
    }

    @Test
    void unknownParserIsAProblemAndPythonGivesNothing() {
        assertThat(run("yaml", "x.yaml", "a: 1").problems()).containsExactly("x.yaml: no configuration parser named 'yaml'");
        assertThat(run(FileKinds.PYTHON, "a.py", "import anyio\n").facts()).isEmpty();
        assertThat(x.extract(FileKinds.PYPROJECT, "pyproject.toml", null).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {FileKinds.SETUP_PY, FileKinds.PYPROJECT, FileKinds.SETUP_CFG, FileKinds.REQUIREMENTS,
        FileKinds.PYTEST_INI, FileKinds.TOX_INI})
    void neverThrowsOnGarbage(String parser) {
        Random rnd = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[rnd.nextInt(2000)];
            rnd.nextBytes(junk);
            assertThatCode(() -> x.extract(parser, "f", junk)).doesNotThrowAnyException();
        }
    }

    @Test
    void deepNestingDoesNotThrow() {
        String deepToml = "a = " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
        assertThatCode(() -> run(FileKinds.PYPROJECT, "pyproject.toml", deepToml)).doesNotThrowAnyException();
        String deepPy = "setup(install_requires=" + "(".repeat(50_000) + "'anyio'" + ")".repeat(50_000) + ")\n";
        ConfigExtractor.Result r = run(FileKinds.SETUP_PY, "setup.py", deepPy);
        assertThat(r.facts()).extracting(ConfigFact::name).containsAnyOf("anyio");
    }
}
