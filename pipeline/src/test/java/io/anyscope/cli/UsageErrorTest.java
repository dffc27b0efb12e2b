package io.anyscope.cli;

import io.anyscope.catalog.Catalog;
import io.anyscope.git.GitFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A usage error, whichever command or option it is in, is one line on stderr that names the option and what it
 * takes, never a Java or Beam class name, and exit code 2.
 */
class UsageErrorTest {
    @TempDir
    Path tmp;

    /** The single line a usage error prints (and that it is the only one). */
    private static String oneLine(CommandRun run) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        String err = run.err().strip();
        assertThat(err.lines()).as(run.err()).hasSize(1);
        assertThat(err).doesNotContain("Exception").doesNotContain("$").doesNotContain("io.anyscope")
                .doesNotContain("org.apache");
        return err;
    }

    private String repo() throws Exception {
        if (!Files.exists(tmp.resolve("repo"))) {
            try (GitFixture g = GitFixture.init(tmp.resolve("repo"))) {
                g.commit("main", "2026-01-05T10:00:00Z", Map.of("a.py", "import asyncio\n"));
            }
        }
        return tmp.resolve("repo").toString();
    }

    @Test
    void aMisspeltOptionSuggestsTheCloseName() throws Exception {
        String err = oneLine(CommandRun.of("scan", "--hisotry", "weekly", "--out", tmp.resolve("d").toString(),
                repo()));
        assertThat(err).isEqualTo("anyscope scan: unknown option --hisotry; did you mean --history?");
        assertThat(tmp.resolve("d")).doesNotExist();
        // A Beam option misspelt: the suggestion is Beam's option.
        assertThat(oneLine(CommandRun.of("scan", "--targetParalelism=2", "--out", tmp.resolve("d").toString(),
                repo()))).isEqualTo("anyscope scan: unknown option --targetParalelism; did you mean --targetParallelism?");
        // Nothing close: no suggestion, where to look instead.
        assertThat(oneLine(CommandRun.of("scan", "--zzzz", "--out", tmp.resolve("d").toString(), repo())))
                .isEqualTo("anyscope scan: unknown option --zzzz (anyscope scan --help lists the options)");
        // demo passes what it does not know on to Beam, as scan does, and checks it first: nothing is created
        assertThat(oneLine(CommandRun.of("demo", "--out", tmp.resolve("demo").toString(), "--dir",
                tmp.resolve("x").toString()))).isEqualTo("anyscope demo: unknown option --dir (anyscope demo --help lists the options)");
        assertThat(tmp.resolve("demo")).doesNotExist();
        // The other commands: picocli's own unknown option, in the same single line.
        assertThat(oneLine(CommandRun.of("report", "all", "--dta", "x", "--out", "y")))
                .isEqualTo("anyscope report: unknown option --dta; did you mean --data?");
    }

    @Test
    void aMisspeltOptionIsNamedBeforeTheRequiredOptionItLeftMissing() throws Exception {
        // "--otu" for "--out": picocli misses --out, but the slip is what the user needs to hear about.
        assertThat(oneLine(CommandRun.of("scan", "--hisotry", "weekly", "--otu", tmp.resolve("d").toString(),
                repo()))).isEqualTo("anyscope scan: unknown option --hisotry; did you mean --history?");
        assertThat(oneLine(CommandRun.of("scan", "--otu", tmp.resolve("d").toString(), repo())))
                .isEqualTo("anyscope scan: unknown option --otu; did you mean --out?");
        // With nothing misspelt, the missing option is the error.
        assertThat(oneLine(CommandRun.of("scan", repo()))).isEqualTo("anyscope scan: missing required option: '--out=DATA'");
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void anUnknownCommandSuggestsTheCloseOne() {
        assertThat(oneLine(CommandRun.of("sacn", "--out", "x"))).isEqualTo("anyscope: unknown command 'sacn'; did you mean scan?");
        assertThat(oneLine(CommandRun.of("frobnicate")))
                .isEqualTo("anyscope: unknown command 'frobnicate' (anyscope --help lists the commands)");
        assertThat(oneLine(CommandRun.of("bench", "scna")))
                .isEqualTo("anyscope bench: unknown command 'scna'; did you mean scan?");
    }

    @Test
    void aBadDateSaysTheFormat() throws Exception {
        assertThat(oneLine(CommandRun.of("scan", "--since", "yesterday", "--out", tmp.resolve("d").toString(),
                repo()))).isEqualTo("anyscope scan: invalid value for option '--since': 'yesterday' is not a date (expected yyyy-mm-dd, e.g. 2026-01-31)");
        assertThat(oneLine(CommandRun.of("scan", "--until", "2026-02-30", "--out", tmp.resolve("d").toString(),
                repo()))).isEqualTo("anyscope scan: invalid value for option '--until': '2026-02-30' is not a date (expected yyyy-mm-dd, e.g. 2026-01-31)");
        assertThat(oneLine(CommandRun.of("report", "--since", "last week", "--data", "x", "--out", "y")))
                .isEqualTo("anyscope report: invalid value for option '--since': 'last week' is not a date (expected yyyy-mm-dd, e.g. 2026-01-31)");
    }

    @Test
    void aBadNumberSaysWhichOptionTakesANumber() throws Exception {
        assertThat(oneLine(CommandRun.of("scan", "--targetParallelism=abc", "--out", tmp.resolve("d").toString(),
                repo()))).isEqualTo("anyscope scan: invalid value for option '--targetParallelism': 'abc' is not a whole number");
        assertThat(oneLine(CommandRun.of("scan", "--max-file-size", "lots", "--out", tmp.resolve("d").toString(),
                repo()))).isEqualTo("anyscope scan: invalid value for option '--max-file-size': 'lots' is not a whole number");
    }

    @Test
    void outNamingAFileIsAUsageError() throws Exception {
        Path file = Files.writeString(tmp.resolve("data.txt"), "not a data set\n");
        assertThat(oneLine(CommandRun.of("scan", "--out", file.toString(), repo())))
                .isEqualTo("anyscope scan: invalid value for option '--out': " + file + " is a file, not a directory");
        assertThat(file).hasContent("not a data set");
        assertThat(oneLine(CommandRun.of("report", "all", "--data", tmp.toString(), "--out", file.toString())))
                .isEqualTo("anyscope report: invalid value for option '--out': " + file + " is a file, not a directory");
        assertThat(oneLine(CommandRun.of("demo", "--out", file.toString())))
                .isEqualTo("anyscope demo: invalid value for option '--out': " + file + " is a file, not a directory");
    }

    @Test
    void bareAnyscopePrintsHelpAndExitsTwo() {
        CommandRun run = CommandRun.of();
        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.out() + run.err()).contains("Usage: anyscope").contains("scan").contains("sql");
    }

    @Test
    void versionIsTheBuildsAndTheCatalogs() throws Exception {
        CommandRun run = CommandRun.of("--version");
        assertThat(run.code()).isEqualTo(Main.OK);
        String expected = new String(getClass().getResourceAsStream("/io/anyscope/build.properties").readAllBytes())
                .lines().filter(l -> l.startsWith("version=")).findFirst().orElseThrow().substring(8);
        assertThat(expected).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(run.out().strip()).isEqualTo("anyscope " + expected + "\ncatalog " + Catalog.loadDefault().version());
    }
}
