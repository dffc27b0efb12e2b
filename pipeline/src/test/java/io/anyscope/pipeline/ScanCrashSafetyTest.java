package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.fault.FaultRun;
import io.anyscope.git.GitFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A scan killed in the middle (SIGTERM, as Ctrl-C or a scheduler does, and SIGKILL) leaves DATA exactly as it was and
 * readable; the next run succeeds and removes the leftovers. The killed runs are the real command in a child JVM; the
 * runs before and after them are the same command in this JVM.
 */
class ScanCrashSafetyTest {
    @TempDir
    Path tmp;

    @Test
    void interruptedRunsLeaveDataAsItWas() throws Exception {
        Path repo = tmp.resolve("big");
        GitFixture g = GitFixture.init(repo);
        g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\n"));
        Path data = tmp.resolve("data");
        assertThat(runToEnd(repo, data)).isZero();
        Map<String, String> before = OutputFiles.committed(data);
        List<String> usagesBefore = ParquetRows.rows(data, "SELECT * FROM usages ORDER BY ALL");

        // Enough new work that the run is still going when it is killed.
        Map<String, Object> many = new HashMap<>();
        String body = "    await asyncio.sleep(1)\n    loop = asyncio.get_event_loop()\n".repeat(20);
        for (int i = 0; i < 3000; i++) {
            many.put("pkg" + (i % 50) + "/m" + i + ".py", "import asyncio\n\nasync def f" + i + "():\n" + body
                    + "    return " + i + "\n");
        }
        g.commit("main", "2026-03-03T10:00:00Z", many, g.repo.resolve("main"));
        g.close();

        for (boolean forcibly : new boolean[] {false, true}) {
            Path staging = data.resolve(DataSet.STAGING);
            // A SIGTERM'd run may leave staging files behind (its hook deletes while workers still write): wait for
            // files of the new run, or the second kill could land before that run has even started.
            Set<Path> earlierRuns = runDirs(staging);
            Process p = start(repo, data);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!hasNewRunFiles(staging, earlierRuns) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(p.isAlive()).as("the scan must still be running when it is killed").isTrue();
            if (forcibly) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
            p.waitFor(60, TimeUnit.SECONDS);
            assertThat(OutputFiles.committed(data)).as("DATA after %s", forcibly ? "SIGKILL" : "SIGTERM").isEqualTo(before);
            assertThat(ParquetRows.rows(data, "SELECT * FROM usages ORDER BY ALL")).isEqualTo(usagesBefore);
        }

        assertThat(runToEnd(repo, data)).isZero();
        assertThat(Files.exists(data.resolve(DataSet.STAGING))).isFalse();
        try (Stream<Path> s = Files.list(data.resolve(DataSet.GENERATIONS))) {
            assertThat(s.count()).isEqualTo(1);
        }
        assertThat(ParquetRows.rows(data, "SELECT count(DISTINCT blob_id) FROM files")).containsExactly("3001");
    }

    /** The run directories under {@code .staging} (one per run, named by run id); none while it is being deleted. */
    private static Set<Path> runDirs(Path staging) {
        try (Stream<Path> s = Files.list(staging)) {
            return s.collect(Collectors.toSet());
        } catch (IOException | java.io.UncheckedIOException e) {
            return Set.of(); // absent, or removed by the child's clean-up while listed
        }
    }

    /** Whether a run directory not in {@code earlier} holds a file (tolerates the run deleting its leftovers). */
    private static boolean hasNewRunFiles(Path staging, Set<Path> earlier) {
        for (Path run : runDirs(staging)) {
            if (earlier.contains(run)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(run)) {
                if (s.anyMatch(Files::isRegularFile)) {
                    return true;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // a directory vanished while walking: look again on the next poll
            }
        }
        return false;
    }

    private Process start(Path repo, Path data) throws IOException {
        lastLog = tmp.resolve("child-" + System.nanoTime() + ".log");
        return FaultRun.child(lastLog, "scan", repo.toString(), "--out", data.toString(), "--no-progress",
                "--cache", tmp.resolve("cache").toString());
    }

    private Path lastLog;

    /** A whole scan, in this JVM: only the runs that are killed need a child process. */
    private int runToEnd(Path repo, Path data) {
        CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(300), () -> CommandRun.withProcessErr("scan",
                repo.toString(), "--out", data.toString(), "--no-progress", "--cache", tmp.resolve("cache").toString()),
                "the scan finished");
        if (run.code() != 0) {
            System.out.println("scan output:\n" + run.out() + run.err());
        }
        return run.code();
    }
}
