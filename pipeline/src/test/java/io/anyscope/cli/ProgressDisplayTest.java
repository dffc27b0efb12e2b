package io.anyscope.cli;

import io.anyscope.git.GitFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan's progress display as a terminal gets it (a real scan of real repositories, one missing): drawn from
 * before the pipeline starts, the blobs counted against the distinct blobs to read (ending at 100%, the summary's
 * count), each problem line once and on a line of its own, never inside the rewritten line.
 */
class ProgressDisplayTest {
    @TempDir
    Path tmp;

    @AfterEach
    void terminalOff() {
        System.clearProperty("anyscope.progress.terminal");
    }

    @Test
    void theDisplayCountsBlobsOfTheBlobsToReadAndPrintsEachProblemOnce() throws Exception {
        try (GitFixture a = GitFixture.init(tmp.resolve("a")); GitFixture b = GitFixture.init(tmp.resolve("b"))) {
            a.commit("main", "2026-01-05T10:00:00Z", Map.of("x.py", "import asyncio\n", "y.py", "import trio\n"));
            a.commit("main", "2026-01-12T10:00:00Z", Map.of("x.py", "import asyncio\nasyncio.run(main())\n"));
            b.commit("main", "2026-01-06T10:00:00Z", Map.of("z.py", "import anyio\n", "README.md", "# b\n"));
        }
        System.setProperty("anyscope.progress.terminal", "true");
        Path missing = tmp.resolve("missing");
        CommandRun run = CommandRun.withProcessErr("scan", tmp.resolve("a").toString(), tmp.resolve("b").toString(),
                missing.toString(), "--out", tmp.resolve("d").toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.PARTIAL);

        // What the terminal keeps: each \r starts the line again, \033[K clears the rest of it.
        List<String> drawn = Arrays.stream(run.err().split("[\r\n]")).map(l -> l.replace("\033[K", ""))
                .filter(l -> !l.isEmpty()).toList();
        assertThat(drawn.stream().filter(l -> l.startsWith("scan ")).findFirst()).hasValueSatisfying(
                l -> assertThat(l).startsWith("scan 0:00 reading the data set"));
        assertThat(drawn.stream().filter(l -> l.startsWith("scan "))).allSatisfy(l -> assertThat(l.length()).isLessThan(80));
        // The missing repository's line: once, alone on its line (after a cleared display line).
        assertThat(drawn.stream().filter(l -> l.contains(missing.toString()))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("anyscope: ").doesNotContain("scan 0:"));
        assertThat(run.err()).contains("\033[K" + "anyscope: " + missing);

        Matcher summary = Pattern.compile("distinct blobs read (\\d+)").matcher(run.out() + run.err());
        assertThat(summary.find()).as(run.toString()).isTrue();
        long blobs = Long.parseLong(summary.group(1));
        // A commit's tree is exactly its files: a's HEAD holds x.py alone, b's z.py (and README.md, not read).
        assertThat(blobs).isEqualTo(2);
        String last = drawn.stream().filter(l -> l.startsWith("scan ")).reduce((x, y) -> y).orElseThrow();
        assertThat(last).matches("scan 0:\\d\\d blobs " + blobs + "/" + blobs + " \\(100%\\), .* MB/s, errors 1");
    }
}
