package io.anyscope.extract.config;

import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.FileKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden tests: every input file under {@code src/test/resources/config/<case>/} is extracted with the parser
 * {@link FileKinds} picks for its name and compared with {@code <file>.expected.tsv} beside it: one fact a line
 * ({@code kind, name, value, section, line}, tab-separated), then one {@code problem<TAB>message} line a problem.
 * An input without an expected file fails; so does an expected file without its input.
 */
class ConfigGoldenTest {
    static final String EXPECTED = ".expected.tsv";

    static Path root() throws URISyntaxException {
        return Path.of(ConfigGoldenTest.class.getResource("/config").toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = root();
        List<String> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(EXPECTED))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> inputs.add(root.relativize(p).toString().replace('\\', '/')));
        }
        inputs.sort(null);
        return inputs.stream();
    }

    @Test
    void thereAreCases() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(14);
    }

    @Test
    void everyExpectedFileHasItsInput() throws Exception {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.getFileName().toString().endsWith(EXPECTED)).forEach(p -> {
                String name = p.getFileName().toString();
                Path input = p.resolveSibling(name.substring(0, name.length() - EXPECTED.length()));
                assertThat(input).as("input of " + root.relativize(p)).isRegularFile();
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesExpected(String relative) throws Exception {
        Path input = root().resolve(relative);
        String fileName = input.getFileName().toString();
        String parser = FileKinds.parserFor(fileName);
        assertThat(parser).as("parser for " + fileName).isNotNull();
        ConfigExtractor.Result result =
                new ConfigExtractor().extract(parser, fileName, Files.readAllBytes(input));
        String actual = render(result);
        Path expected = input.resolveSibling(fileName + EXPECTED);
        if (!Files.exists(expected)) {
            fail("no expected output " + relative + EXPECTED + "; the extractor gave:\n" + actual);
        }
        assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }

    static String render(ConfigExtractor.Result r) {
        StringBuilder sb = new StringBuilder();
        for (ConfigFact f : r.facts()) {
            sb.append(esc(f.kind())).append('\t').append(esc(f.name())).append('\t').append(esc(f.value()))
                    .append('\t').append(esc(f.section())).append('\t').append(f.line()).append('\n');
        }
        for (String p : r.problems()) {
            sb.append("problem\t").append(esc(p)).append('\n');
        }
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
