package io.anyscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell completion script and the manual page, both generated from the command line's definition. */
class ShellIntegrationTest {
    @TempDir
    Path tmp;

    private static String sh(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** What bash completes after {@code words} (the last one being typed), with the script sourced. */
    private String complete(Path script, String... words) throws Exception {
        // compopt works only inside a completion bash itself started: a no-op stands in for it here.
        return sh(tmp, "bash", "-c", "source " + script + " && compopt() { :; } && COMP_WORDS=(" + String.join(" ", words) + ") && "
                + "COMP_CWORD=" + (words.length - 1) + " && COMP_LINE='" + String.join(" ", words) + "' && "
                + "COMP_POINT=${#COMP_LINE} && _complete_anyscope anyscope && printf '%s\\n' \"${COMPREPLY[@]}\"");
    }

    @Test
    void bashCompletesCommandsOptionsAndValues() throws Exception {
        CommandRun run = CommandRun.of("completion", "bash");
        assertThat(run.code()).isEqualTo(Main.OK);
        Path script = Files.writeString(tmp.resolve("anyscope.bash"), run.out());
        sh(tmp, "bash", "-n", script.toString());
        assertThat(complete(script, "anyscope", "sc").lines()).containsExactly("scan");
        assertThat(complete(script, "anyscope", "scan", "--hist").lines()).containsExactly("--history");
        assertThat(complete(script, "anyscope", "sql", "--format", "").lines())
                .containsExactly("table", "csv", "json", "tsv", "plain");
        assertThat(CommandRun.of("completion", "fish").code()).isEqualTo(Main.USAGE);
    }

    @Test
    void theManPageListsEveryCommandAndOptionAndRendersWithMan() throws Exception {
        CommandRun run = CommandRun.of("man");
        assertThat(run.code()).isEqualTo(Main.OK);
        assertThat(run.out()).startsWith(".TH ANYSCOPE 1 ").contains(".SS \"anyscope scan\"")
                .contains(".SS \"anyscope bench extract\"").contains("\\fB\\-\\-history\\fR")
                .doesNotContain("${DEFAULT-VALUE}").doesNotContain("${");
        Path page = Files.writeString(tmp.resolve("anyscope.1"), run.out());
        String text = sh(tmp, "env", "MANWIDTH=100", "LC_ALL=C.UTF-8", "man", "--warnings", "-l", page.toString())
                .replaceAll(".\b", "");
        assertThat(text).contains("anyscope - Measures how far Python code is").contains("anyscope sql")
                .contains("--format FMT").contains("(default: table)").doesNotContain("\\e");
    }
}
