package io.anyscope.extract.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRequirementTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "anyio, anyio",
        "Pytest_Asyncio, pytest-asyncio",
        "trio.asyncio, trio-asyncio",
        "nest__asyncio, nest-asyncio",
        "Async-_.Timeout, async-timeout",
        "'  UVLoop ', uvloop",
        "zope.interface, zope-interface",
    })
    void normalisesPerPep503(String raw, String normalised) {
        assertThat(Requirement.normalizeName(raw)).isEqualTo(normalised);
    }

    @Test
    void extrasAndMarkersStayOutOfTheSpecifier() {
        Requirement r = Requirement.parse("anyio[trio, test] >= 4.0 , < 5 ; python_version < \"3.11\"").orElseThrow();
        assertThat(r.name()).isEqualTo("anyio");
        assertThat(r.extras()).isEqualTo("trio, test");
        assertThat(r.specifier()).isEqualTo(">=4.0,<5");
        assertThat(r.marker()).isEqualTo("python_version < \"3.11\"");
    }

    @Test
    void parenthesisedSpecifier() {
        Requirement r = Requirement.parse("trio (>=0.22,<0.26)").orElseThrow();
        assertThat(r.specifier()).isEqualTo(">=0.22,<0.26");
    }

    @Test
    void urlRequirementHasNoSpecifier() {
        Requirement r = Requirement.parse(
                "aiohttp[speedups] @ https://example.com/aiohttp-3.9.5.zip ; sys_platform == 'linux'").orElseThrow();
        assertThat(r.name()).isEqualTo("aiohttp");
        assertThat(r.specifier()).isEmpty();
        assertThat(r.url()).isEqualTo("https://example.com/aiohttp-3.9.5.zip");
        assertThat(r.marker()).isEqualTo("sys_platform == 'linux'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // requirement | name | extras | url | marker
        "pkg @ git+https://github.com/x/pkg.git@v1; python_version < \"3.12\" | pkg | | git+https://github.com/x/pkg.git@v1 | python_version < \"3.12\"",
        "pkg @ git+https://github.com/x/pkg.git@v1 ; python_version < \"3.12\" | pkg | | git+https://github.com/x/pkg.git@v1 | python_version < \"3.12\"",
        "pkg @ git+https://github.com/x/pkg.git@v1;python_version<'3.12' | pkg | | git+https://github.com/x/pkg.git@v1 | python_version<'3.12'",
        "pkg @ git+https://github.com/x/pkg.git@v1 | pkg | | git+https://github.com/x/pkg.git@v1 |",
        "pkg[a,b] @ git+https://github.com/x/pkg.git@v1 | pkg | a,b | git+https://github.com/x/pkg.git@v1 |",
        "pkg[a, b]@https://x.org/pkg-1.0.tar.gz; sys_platform == 'linux' | pkg | a, b | https://x.org/pkg-1.0.tar.gz | sys_platform == 'linux'",
        "pkg @ https://x.org/dl;session=1/pkg.zip | pkg | | https://x.org/dl;session=1/pkg.zip |",
    })
    void pep508UrlRequirements(String text, String name, String extras, String url, String marker) {
        Requirement r = Requirement.parse(text).orElseThrow();
        assertThat(r).isEqualTo(new Requirement(name, extras == null ? "" : extras, "", url,
                marker == null ? "" : marker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkg @", "pkg @ ; python_version < '3.12'", "pkg @ https://x.org/a b.zip"})
    void urlRequirementNeedsOneUrl(String s) {
        assertThat(Requirement.parse(s)).isEmpty();
    }

    @Test
    void wildcardsEpochsAndArbitraryEquality() {
        assertThat(Requirement.parse("trio==0.22.*").orElseThrow().specifier()).isEqualTo("==0.22.*");
        assertThat(Requirement.parse("anyio===4.0.0+local").orElseThrow().specifier()).isEqualTo("===4.0.0+local");
        assertThat(Requirement.parse("curio~=1!1.6").orElseThrow().specifier()).isEqualTo("~=1!1.6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ">=4", "anyio 4.0", "anyio[trio", "anyio >= ", "anyio =>4", "-e ."})
    void rejectsWhatIsNotARequirement(String s) {
        assertThat(Requirement.parse(s)).isEmpty();
    }

    @Test
    void eggFragments() {
        assertThat(Requirement.eggName("git+https://github.com/python-trio/trio.git@v0.25#egg=trio")).contains("trio");
        assertThat(Requirement.eggName("https://x/pkg.zip#sha256=ab&egg=anyio[trio]")).contains("anyio");
        assertThat(Requirement.eggName("https://x/pkg.zip#egg=nest_asyncio-1.6.0")).contains("nest_asyncio");
        assertThat(Requirement.eggName("./local")).isEmpty();
    }
}
