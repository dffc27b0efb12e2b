package io.anyscope.fault;

import io.anyscope.bench.HugeFiles;
import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One-line and minified files, allowed by {@code --max-file-size}, are scanned like any other: every fact, at the
 * right column, with its source line capped at 200 characters. (Extraction used to be quadratic in the facts of one
 * line: 100k facts on a line took minutes, a 2 MB minified line did not finish. The bound below only guards against
 * such a hang; {@code anyscope bench extract --phases huge} measures the times.)
 */
class HugeInputFaultTest {
    private static final int CALLS = 100_000;

    @TempDir
    Path tmp;

    @Test
    void oneLineAndMinifiedFilesGiveEveryFact() throws Exception {
        StringWriter oneLine = new StringWriter();
        HugeFiles.oneLine(oneLine, CALLS);
        StringWriter minified = new StringWriter();
        HugeFiles.minified(minified, 2_000_000);
        Path repo = tmp.resolve("huge");
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-01-05T10:00:00Z", Map.of("one_line.py", oneLine.toString(),
                    "vendor/app.min.py", minified.toString(), "ok.py", "import trio\ntrio.run(main)\n"));
        }
        Path data = tmp.resolve("data");

        CommandRun r = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> CommandRun.withProcessErr("scan",
                repo.toString(), "--out", data.toString(), "--no-progress", "--max-file-size", "8000000"));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String blobFacts = "SELECT %s FROM usages WHERE blob_id = (SELECT blob_id FROM files WHERE path = '%s')";
        // import asyncio;asyncio.sleep(0);... : the import at column 8, call k at column 16 + 17k, all on line 1.
        assertThat(ParquetRows.rows(data, String.format(blobFacts, "count(*), count(DISTINCT line), min(col), max(col), "
                + "count(DISTINCT col), max(length(source_line)), sum(CASE WHEN kind = 'call' THEN 1 ELSE 0 END)",
                "one_line.py")))
                .containsExactly((CALLS + 1) + " 1 8 " + (16 + 17 * (CALLS - 1)) + " " + (CALLS + 1) + " 200 "
                        + CALLS);
        // Each chunk of the minified line: two event-loop facts (one a method fact on a followed variable), a trio
        // call, an anyio call through an alias; the imports once.
        int n = minified.toString().split("trio\\.sleep\\(", -1).length - 1;
        assertThat(n).isGreaterThan(10_000);
        assertThat(ParquetRows.rows(data, String.format(blobFacts, "symbol, count(*)", "vendor/app.min.py")
                + " GROUP BY symbol ORDER BY symbol")).containsExactly(
                "anyio.sleep " + (n + 1),
                "asyncio " + 1,
                "asyncio.AbstractEventLoop.run_in_executor " + n,
                "asyncio.get_event_loop " + n,
                "trio " + 1,
                "trio.sleep " + n);
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM usages WHERE length(source_line) > 200")).containsExactly("0");
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM errors")).containsExactly("0");
    }
}
