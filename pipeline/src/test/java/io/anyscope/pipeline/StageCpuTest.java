package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code scan --verbose} tells where the CPU went: a line per stage, the JVM's own threads, and the rest. */
class StageCpuTest {
    private static final Pattern LINE = Pattern.compile("^ {4}(\\w+) +(\\d+\\.\\d\\d) +(\\d+\\.\\d)% .*$");

    @TempDir
    Path tmp;

    @Test
    void verboseScanPrintsEveryStageAndTheRestAddsUpToTheProcess() throws Exception {
        Path repo = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(repo)) {
            StringBuilder big = new StringBuilder("import asyncio\n");
            for (int i = 0; i < 400; i++) {
                big.append("async def f").append(i).append("():\n    await asyncio.sleep(").append(i).append(")\n");
            }
            g.commit("main", "2026-01-05T10:00:00Z", Map.of("svc/a.py", big.toString(),
                    "svc/b.py", "import trio\n\nasync def main():\n    async with trio.open_nursery() as n:\n"
                            + "        n.start_soon(main)\n",
                    "svc/plain.py", "def add(a, b):\n    return a + b\n"));
        }
        CommandRun r = CommandRun.ok("scan", repo.toString(), "--out", tmp.resolve("data").toString(),
                "--no-progress", "--verbose");
        List<String> lines = r.out().lines().toList();
        int header = indexOf(lines, "CPU by stage");
        assertThat(header).as(r.out()).isPositive();
        Matcher total = Pattern.compile("the process's (\\d+\\.\\d) CPU-s").matcher(lines.get(header));
        assertThat(total.find()).isTrue();
        double process = Double.parseDouble(total.group(1));

        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                seconds.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        List<String> expected = new ArrayList<>(StageCpu.STAGES.stream().map(StageCpu.Stage::id).toList());
        expected.addAll(List.of("jit", "gc", "other"));
        assertThat(seconds.keySet()).containsExactlyElementsOf(expected);
        // the work the scan did shows where it was done
        assertThat(seconds.get("extract_parsed")).isPositive();
        assertThat(seconds.get("write_parquet")).isPositive();
        assertThat(seconds.get("driver_plan")).isPositive();
        // nothing is counted twice: the stages and the JVM's threads fit in the process's CPU time ("other" is the
        // rest, never negative), and the lines add up to it (each rounded to 0.01 s)
        assertThat(seconds.get("other")).isGreaterThanOrEqualTo(0.0);
        assertThat(seconds.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(process, within(0.05 + 0.005 * seconds.size()));
    }

    @Test
    void withoutVerboseTheSummaryHasNoBreakdown() throws Exception {
        Path repo = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-01-05T10:00:00Z", Map.of("a.py", "import asyncio\n"));
        }
        CommandRun r = CommandRun.ok("scan", repo.toString(), "--out", tmp.resolve("data").toString(),
                "--no-progress");
        assertThat(r.out()).contains("distinct blobs read").doesNotContain("CPU by stage");
    }

    @Test
    void vmThreadsAreTheCompilerAndCollectorThreadsOfProc() throws Exception {
        Path tasks = tmp.resolve("task");
        // /proc/PID/task/TID/stat: pid (comm) state ppid ... utime(14th field) stime(15th), in 1/100 s
        thread(tasks, 1, "java", 500, 20);
        thread(tasks, 2, "C2 CompilerThre", 300, 7);
        thread(tasks, 3, "C1 CompilerThre", 40, 3);
        thread(tasks, 4, "GC Thread#0", 11, 1);
        thread(tasks, 5, "G1 Conc#0", 5, 0);
        thread(tasks, 6, "a (strange) name", 9, 9);
        long[] vm = StageCpu.vmThreadNanos(tasks);
        assertThat(vm[0]).isEqualTo((300 + 7 + 40 + 3) * 10_000_000L);
        assertThat(vm[1]).isEqualTo((11 + 1 + 5) * 10_000_000L);
        // where there is no /proc, the breakdown says "unknown", not zero
        assertThat(StageCpu.vmThreadNanos(tmp.resolve("absent"))).containsExactly(-1, -1);
    }

    private static void thread(Path tasks, int tid, String comm, long utime, long stime) throws Exception {
        Path d = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(d.resolve("stat"), tid + " (" + comm + ") S 1 1 1 0 -1 4194560 100 0 0 0 " + utime + " "
                + stime + " 0 0 20 0 30 0 4242 0 0\n");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
