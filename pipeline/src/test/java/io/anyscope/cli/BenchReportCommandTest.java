package io.anyscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench report} as a user runs it on a small generated organisation: a cold run that builds the materialised
 * marts, a warm run that reuses them, each a child JVM with its figures and the verdicts against the targets. (The
 * figures themselves are the benchmark's output, not asserted.)
 */
class BenchReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void coldThenWarmReportOfAGeneratedOrganisation() throws Exception {
        CommandRun r = CommandRun.of("bench", "report", "--repos", "3", "--weeks", "4", "--work", tmp.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("generating 3 repositories x 4 weeks (seed 42)")
                .containsPattern("cold \\(builds the marts\\) +[0-9.]+ s wall +CPU +[0-9.]+ s +peak RSS +[0-9]+ MB +\\(exit 0")
                .containsPattern("warm 1 \\(marts reused\\) +[0-9.]+ s wall .*\\(exit 0")
                .contains("largest HTML page: ")
                .containsPattern("largest HTML < 3 MB met");
        assertThat(tmp.resolve("reports-bench/scope.html")).isRegularFile();
        try (Stream<Path> marts = Files.walk(tmp.resolve("org-3x4-42/marts"))) {
            assertThat(marts.filter(p -> p.toString().endsWith(".duckdb"))).hasSize(1);
        }
        // the generated set is reused by the next run
        CommandRun again = CommandRun.of("bench", "report", "--repos", "3", "--weeks", "4", "--warm-runs", "0",
                "--work", tmp.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).doesNotContain("generating").doesNotContain("warm 1");
    }

    @Test
    void aShapeBelowOneIsAUsageError() throws Exception {
        CommandRun r = CommandRun.of("bench", "report", "--repos", "0", "--work", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("anyscope bench report: --repos and --weeks must be at least 1");
    }
}
