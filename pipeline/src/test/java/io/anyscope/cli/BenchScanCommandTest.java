package io.anyscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code bench scan}'s ast-grep yardstick as a user meets it: without ast-grep the phase says how to get it and the
 * other phases still run; it reads a directory, so a git repository alone is a usage error. (The figures are the
 * benchmark's output, not asserted.)
 */
class BenchScanCommandTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAstGrepItsPhaseIsSkippedWithTheWayToInstallItAndTheHeadScanRuns() throws Exception {
        CommandRun r = CommandRun.of("bench", "scan", "--phases", "head,ast-grep", "--files", "30",
                "--ast-grep", tmp.resolve("no-such-ast-grep").toString(), "--work", tmp.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("1 HEAD scan, corpus repo +[0-9.]+ s +peak RSS .*\\(exit 0")
                .contains("1b ast-grep: skipped, " + tmp.resolve("no-such-ast-grep") + " does not run "
                        + "(npm install @ast-grep/cli")
                .doesNotContain("HEAD scan vs ast-grep");
        assertThat(tmp.resolve("corpus-30-23000")).isDirectory();
    }

    /**
     * The scans start as a user's {@code ./anyscope scan} does, with the class-data archive the launcher maps for scan
     * (it passes its path as {@code anyscope.cds.scan}): made first, untimed, by the launcher when missing (here,
     * without the launcher, the bench says it cannot and goes on without), then reused.
     */
    @Test
    void scanChildrenMapTheLaunchersClassDataArchiveMadeFirstWhenMissing() throws Exception {
        Path jsa = tmp.resolve("cds/anyscope-1-2-scan.jsa");
        System.setProperty(BenchScanCommand.CDS_PROPERTY, jsa.toString());
        try {
            CommandRun r = CommandRun.of("bench", "scan", "--phases", "head", "--files", "30", "--work",
                    tmp.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("class-data archive for the scan children (untimed, as ./anyscope scan "
                    + "makes it): " + jsa);
            assertThat(r.out()).contains("  not made (no launcher: this JVM was not started by ./anyscope): the "
                    + "scan children load every class from the jar");
            assertThat(childScan(r)).doesNotContain("SharedArchiveFile");
            assertThat(jsa).doesNotExist();
            // An archive of the JDK's classes alone: one the children's class path cannot use, which the JVM
            // ignores.
            Files.createDirectories(jsa.getParent());
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ArchiveClassesAtExit=" + jsa, "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            assertThat(jsa).isRegularFile();
            assertThat(r.out()).containsPattern("1 HEAD scan, corpus repo +[0-9.]+ s +peak RSS .*\\(exit 0");

            CommandRun again = CommandRun.of("bench", "scan", "--phases", "head", "--files", "30", "--work",
                    tmp.toString());
            assertThat(again.code()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).doesNotContain("class-data archive for the scan children")
                    .containsPattern("1 HEAD scan, corpus repo +[0-9.]+ s +peak RSS .*\\(exit 0");
            assertThat(childScan(again)).contains(" -XX:SharedArchiveFile=" + jsa + " ");
        } finally {
            System.clearProperty(BenchScanCommand.CDS_PROPERTY);
        }
    }

    private static String childScan(CommandRun r) {
        return r.out().lines().filter(l -> l.contains(" scan --no-progress --verbose")).findFirst().orElseThrow();
    }

    /**
     * The scans run with the heap the launcher gives {@code scan} (it passes it as {@code anyscope.scan.heap}), so
     * their peak memory is what a user's scan uses; --child-java-opts overrides it.
     */
    @Test
    void scanChildrenGetTheLaunchersScanHeapUnlessTold() throws Exception {
        String before = System.getProperty("anyscope.scan.heap");
        System.setProperty("anyscope.scan.heap", "-Xmx1g");
        try {
            CommandRun r = CommandRun.of("bench", "scan", "--phases", "head", "--files", "30", "--work",
                    tmp.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            String child = r.out().lines().filter(l -> l.contains(" scan --no-progress")).findFirst().orElseThrow();
            assertThat(child).contains(" -Xmx1g ").doesNotContainPattern(" -Xmx(?!1g )");

            r = CommandRun.of("bench", "scan", "--phases", "head", "--files", "30", "--work", tmp.toString(),
                    "--child-java-opts", "-Xmx700m");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            child = r.out().lines().filter(l -> l.contains(" scan --no-progress")).findFirst().orElseThrow();
            assertThat(child).contains(" -Xmx700m ").doesNotContainPattern(" -Xmx(?!700m )");
        } finally {
            if (before == null) {
                System.clearProperty("anyscope.scan.heap");
            } else {
                System.setProperty("anyscope.scan.heap", before);
            }
        }
    }

    /**
     * On a shared machine one pair of runs proves little: --rounds runs the phases in turn again and judges the
     * targets that compare two phases on the median of the rounds, each round's value shown.
     */
    @Test
    void roundsRepeatThePhasesAndJudgeComparisonsOnTheirMedian() throws Exception {
        CommandRun r = CommandRun.of("bench", "scan", "--phases", "history-head,weekly,rerun", "--commits", "30",
                "--history-files", "40", "--rounds", "2", "--work", tmp.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("round 1 of 2", "round 2 of 2", "over 2 rounds")
                .containsPattern("unchanged re-run, share of the weekly scan +[0-9]+% \\[[0-9]+% [0-9]+%\\]  "
                        + "<= 5% (ok|MISSED)")
                .doesNotContain("2 workers' speed-up");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("weekly history vs its HEAD scan +([0-9.]+)x "
                + "\\[([0-9.]+)x ([0-9.]+)x\\]  < 2x (ok|MISSED)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double median = Double.parseDouble(m.group(1));
        double mid = (Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3))) / 2;
        assertThat(median).as("the median of two rounds is their mean").isCloseTo(mid, within(0.006));
        assertThat(m.group(4)).isEqualTo(median < 2 ? "ok" : "MISSED");
        assertThat(r.out().split("2b weekly history ", -1)).as("two rounds, each with its line and table row")
                .hasSizeGreaterThanOrEqualTo(5);
        // Each round's table judges the same comparison with the same bound, on that round's value.
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("([0-9.]+)x = 2b / 2a +< 2x (ok|MISSED)")
                .matcher(r.out());
        java.util.List<Double> rounds = new java.util.ArrayList<>();
        while (row.find()) {
            double v = Double.parseDouble(row.group(1));
            assertThat(row.group(2)).as(row.group()).isEqualTo(v < 2 ? "ok" : "MISSED");
            rounds.add(v);
        }
        assertThat(rounds).as(r.out()).containsExactly(Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)));
        assertThat(r.out()).containsPattern("targets: .*weekly history < 2x (ok|MISSED) \\([0-9.]+x; CPU-s ");

        CommandRun bad = CommandRun.of("bench", "scan", "--rounds", "0", "--work", tmp.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("anyscope bench scan: --rounds must be at least 1").doesNotContain("Exception");
    }

    @Test
    void theAstGrepPhaseOverAGitRepositoryAloneIsAUsageError() throws Exception {
        CommandRun r = CommandRun.of("bench", "scan", "--phases", "ast-grep", "--head-repo", tmp.toString(),
                "--work", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("anyscope bench scan: phase ast-grep reads a directory of files: give --corpus "
                + "with --head-repo, or neither");
    }

    @Test
    void aChildsCpuTimeIsReadFromProc() {
        long spin = 0;
        for (long t0 = System.nanoTime(); System.nanoTime() - t0 < 300_000_000L; ) {
            spin++;
        }
        assertThat(spin).isPositive();
        assertThat(BenchScanCommand.cpuTicks(Path.of("/proc/self/stat"))).isGreaterThanOrEqualTo(30);
        assertThat(BenchScanCommand.cpuTicks(tmp.resolve("absent"))).isEqualTo(-1);
    }
}
