package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden outputs, google-java-format style: every fixture's full output (summary, every usage column, config facts)
 * must equal {@code fixtures/golden/NAME.tsv}. After a deliberate change, {@code ANYSCOPE_GOLDEN_UPDATE=1} rewrites
 * the files (in src/test/resources) and {@code git diff} shows what changed.
 */
class GoldenTest {
    private static final Extractor X = new Extractor(Catalog.loadDefault());

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesItsGoldenOutput() {
        return Fixtures.pythonFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString();
            String actual = render(X.extract(name, Files.readAllBytes(p)));
            Path source = Path.of("src/test/resources/fixtures/golden").resolve(name.replace(".py", ".tsv"));
            if ("1".equals(System.getenv("ANYSCOPE_GOLDEN_UPDATE"))) {
                Files.createDirectories(source.getParent());
                Files.writeString(source, actual, StandardCharsets.UTF_8);
            }
            Path golden = Fixtures.dir().resolve("golden").resolve(name.replace(".py", ".tsv"));
            if (!Files.exists(golden) && !Files.exists(source)) {
                fail("no golden output for " + name + ": run with ANYSCOPE_GOLDEN_UPDATE=1 and review it");
            }
            String expected = Files.readString(Files.exists(source) ? source : golden, StandardCharsets.UTF_8);
            assertThat(actual).isEqualTo(expected);
        }));
    }

    static String render(FileResult r) {
        StringBuilder sb = new StringBuilder();
        FileSummary s = r.summary();
        sb.append("# summary\tbytes=").append(s.bytes()).append("\tlines=").append(s.lines())
                .append("\tencoding=").append(s.encoding()).append("\tparse_errors=").append(s.parseErrors())
                .append("\tasync_defs=").append(s.asyncDefs()).append("\tawaits=").append(s.awaits())
                .append("\tasync_withs=").append(s.asyncWiths()).append("\tasync_fors=").append(s.asyncFors())
                .append("\tusages=").append(s.usages()).append("\tconfig_facts=").append(s.configFacts()).append('\n');
        sb.append("# line\tcol\tend_line\tend_col\tkind\tcontext\tlibrary\tsymbol\talias\tscope\tin_async\tderived"
                + "\trule_id\tcategory\teffort\trisk\tanyio_equivalent\tmissing_name\tvia\tvia_name\tsource_line\n");
        for (Usage u : r.usages()) {
            sb.append(u.line()).append('\t').append(u.column()).append('\t').append(u.endLine()).append('\t')
                    .append(u.endColumn()).append('\t').append(u.kind()).append('\t').append(u.context()).append('\t')
                    .append(u.library()).append('\t').append(u.symbol()).append('\t').append(u.alias()).append('\t')
                    .append(u.scope()).append('\t').append(u.inAsync()).append('\t').append(u.derived()).append('\t')
                    .append(u.ruleId()).append('\t').append(u.category()).append('\t').append(u.effort()).append('\t')
                    .append(u.risk()).append('\t').append(u.anyioEquivalent()).append('\t').append(u.missingName())
                    .append('\t').append(u.via()).append('\t').append(u.viaName()).append('\t').append(u.sourceLine())
                    .append('\n');
        }
        for (ConfigFact c : r.configFacts()) {
            sb.append("# config\t").append(c.kind()).append('\t').append(c.name()).append('\t').append(c.value())
                    .append('\t').append(c.section()).append('\t').append(c.line()).append('\n');
        }
        return sb.toString();
    }
}
