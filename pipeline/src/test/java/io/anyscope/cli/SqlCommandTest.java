package io.anyscope.cli;

import io.anyscope.analytics.AnalyticsFixture;
import io.anyscope.analytics.Table;
import io.anyscope.analytics.Warehouse;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code anyscope sql}: its output formats for scripts, and its prompt's dot commands, display and completion. */
class SqlCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void fixture() throws Exception {
        data = AnalyticsFixture.write(tmp.resolve("DATA"));
    }

    private static CommandRun sql(String... args) {
        List<String> all = new ArrayList<>(List.of("sql", "--data", data.toString()));
        all.addAll(List.of(args));
        return CommandRun.of(all.toArray(new String[0]));
    }

    @Test
    void plainPrintsASingleValueAsJustThatValueForAShellTest() {
        CommandRun run = sql("--format", "plain", "SELECT count(*) FROM stg_errors WHERE false");
        assertThat(run.code()).isEqualTo(Main.OK);
        assertThat(run.out()).isEqualTo("0\n"); // what $(...) strips to "0": no \r, no header
        CommandRun rows = sql("--format", "plain", "SELECT * FROM (VALUES (1, 'a'), (2, NULL)) t(n, s) ORDER BY n");
        assertThat(rows.out()).isEqualTo("1\ta\n2\t\n");
    }

    @Test
    void tsvHasAHeaderAndEscapesTabsNewlinesAndBackslashes() {
        CommandRun run = sql("--format", "tsv", "SELECT 'a' || chr(9) || 'b' AS \"x y\", 'one' || chr(10) || 'two' AS z, "
                + "'c:\\dir' AS w, chr(27) || '[31m' AS e");
        assertThat(run.out()).isEqualTo("x y\tz\tw\te\na\\tb\tone\\ntwo\tc:\\\\dir\t\\x1b[31m\n");
    }

    @Test
    void csvIsRfc4180() {
        CommandRun run = sql("--format", "csv", "SELECT 'a,b' AS x, 'say \"hi\"' AS y, 'two' || chr(10) || 'lines' AS z, "
                + "NULL AS n, 3 AS k");
        assertThat(run.out()).isEqualTo("x,y,z,n,k\r\n\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,3\r\n");
    }

    @Test
    void aWideTableIsFittedToTheWidthAndControlCharactersAreEscaped() {
        Table t = new Table(List.of("name", "note", "n"), List.of("VARCHAR", "VARCHAR", "INTEGER"),
                List.of(List.of("alpha", "x".repeat(100) + "\u001b[2J", 1), List.of("beta\nbeta", "short", 22)));
        String out = SqlOutput.table(t, 40);
        assertThat(out.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(out).doesNotContain("\u001b").contains("beta\\nbeta").contains("x…").contains("2 rows");
        assertThat(out.lines().toList().get(3)).isEqualTo("| alpha      | xxxxxxxxxxxxxxxxx… |  1 |");
        // Too many columns to fit even when cut: the last ones are left out, and the line says so.
        Table wide = new Table(List.of("a", "b", "c"), List.of("VARCHAR", "VARCHAR", "VARCHAR"),
                List.of(List.of("a".repeat(20), "b".repeat(20), "c".repeat(20))));
        assertThat(SqlOutput.table(wide, 20)).endsWith(
                "1 row (1 column not shown: c; .mode line shows every column)\n");
        assertThat(SqlOutput.lines(t)).startsWith("name = alpha\nnote = " + "x".repeat(100) + "\\x1b[2J\n   n = 1\n\n")
                .endsWith("2 rows\n");
    }

    @Test
    void thePromptHasHelpTablesSchemaModeAndCompletesAStatementWithAQuoteInAComment() throws Exception {
        String input = String.join("\n", ".help", ".tables", ".schema mart_repos", ".schema nope",
                "SELECT 1 AS one /* don't */;", ".mode line", "SELECT 'x' AS a,", "  chr(7) AS b;", ".nope", ".quit",
                "SELECT 'not reached';", "");
        InputStream realIn = System.in;
        CommandRun run;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            run = sql();
        } finally {
            System.setIn(realIn);
        }
        assertThat(run.code()).isEqualTo(Main.OK);
        assertThat(run.err().lines()).containsExactly(
                "Error: no view or table named nope (.tables lists them)",
                "Error: unknown command .nope (.help lists the commands)");
        assertThat(run.out()).contains(".schema [VIEW]").contains("| mart_repos ").contains("| repo_id ")
                .contains("| one |").contains("a = x\nb = \\x07\n1 row\n").doesNotContain("not reached")
                .doesNotContain("\u0007");
        // each view once: not again as the materialised marts file's table behind it
        assertThat(run.out().lines().filter(l -> l.matches("\\| mart_repos +\\| (view|table) .*"))).hasSize(1);
    }

    @Test
    void tabCompletesViewAndColumnNames() throws Exception {
        try (Warehouse w = Warehouse.open(data, new Warehouse.Options(null, null, null, null),
                Warehouse.Access.free())) {
            assertThat(SqlPrompt.names(w)).contains("mart_repos", "stg_errors", "repo_id", "pct_migrated");
            var completer = SqlPrompt.completer(w);
            DefaultParser parser = new DefaultParser();
            List<Candidate> c = new ArrayList<>();
            String line = "SELECT sum(pct_mig";
            completer.complete(null, parser.parse(line, line.length()), c);
            assertThat(c).extracting(Candidate::value).containsExactly("sum(pct_migrated");
            c.clear();
            line = "SELECT * FROM mart_rep";
            completer.complete(null, parser.parse(line, line.length()), c);
            assertThat(c).extracting(Candidate::value).contains("mart_repos").allMatch(v -> v.startsWith("mart_rep"));
            c.clear();
            completer.complete(null, parser.parse(".sch", 4), c);
            assertThat(c).extracting(Candidate::value).contains(".schema", ".help");
        }
    }
}
