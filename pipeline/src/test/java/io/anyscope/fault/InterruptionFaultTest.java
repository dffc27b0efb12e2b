package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.DataSet;
import io.anyscope.pipeline.ParquetRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interrupted and overlapping runs. A scan killed while its pipeline runs (SIGTERM and SIGKILL of a child JVM) is
 * ScanCrashSafetyTest; here: what a kill -9 at each later stage of the commit leaves behind, and two scans on one
 * DATA at the same time.
 */
class InterruptionFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondScanOnTheSameDataIsRefusedWhileTheFirstRuns() throws Exception {
        Path healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        Path data = FaultData.goodScan(tmp.resolve("data"), tmp.resolve("cache"), healthy);
        Map<String, String> before = FaultAssertions.committed(data);
        // The first scan (a child JVM) waits on a server that accepts its connection and never answers: once the
        // server has the connection, that scan holds DATA's lock (taken before anything is fetched).
        ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Process first;
        Path log = tmp.resolve("first.log");
        try {
            silent.setSoTimeout(120_000);
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/slow.git";
            first = FaultRun.child(log, "scan", healthy.toString(), url, "--out", data.toString(),
                    "--cache", tmp.resolve("cache").toString(), "--no-progress", "--gitTimeoutSeconds=30");
            try (Socket held = silent.accept()) {
                FaultRun second = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy));
                assertThat(second.code()).as(second.toString()).isEqualTo(Main.FAILED);
                assertThat(second.errLines()).singleElement().satisfies(l -> assertThat(l).matches(
                        java.util.regex.Pattern.quote("anyscope scan: failed: " + data
                                + ": another anyscope run is writing this data set; " + data + " is unchanged (details: "
                                + data.resolve("logs")) + "/[0-9TZ]+-[0-9a-f]+\\.log\\)"));
                FaultAssertions.assertNoStackTrace(second.err());
                assertThat(first.isAlive()).as("the first scan still runs").isTrue();
                assertThat(FaultAssertions.committed(data)).isEqualTo(before);
            }
        } finally {
            silent.close(); // the first scan's fetch now fails at once (refused), and it finishes
        }
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(log)).isEqualTo(Main.PARTIAL);
        Healthy.assertComplete(data);
        assertThat(FaultAssertions.errorRows(data, "slow", null)).containsExactly("fetch io");
        // And the refused run left nothing behind: the next one finds nothing new.
        FaultRun next = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy));
        assertThat(next.code()).as(next.toString()).isZero();
        assertThat(next.out()).contains("snapshots 1 (0 new)");
    }

    @Test
    void whatAKillDuringTheCommitLeavesIsInvisibleAndRemovedByTheNextRun() throws Exception {
        Path healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        Path more = tmp.resolve("more");
        try (GitFixture g = GitFixture.init(more)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("m.py", "import trio\ntrio.run(main)\n"));
        }
        Path data = FaultData.goodScan(tmp.resolve("data"), tmp.resolve("cache"), healthy);
        // A real next generation, made in a copy: what the commit builds from the staged run.
        Path other = FaultData.copy(data, tmp.resolve("other"));
        FaultRun run = FaultRun.scan(other, tmp.resolve("cache"), List.of(healthy, more));
        assertThat(run.code()).as(run.toString()).isZero();
        Path built = other.resolve(DataSet.CURRENT).toRealPath();
        Map<String, String> before = FaultAssertions.committed(data);
        List<String> usages = ParquetRows.rows(data, "SELECT * FROM usages ORDER BY ALL");

        Path gens = data.resolve(DataSet.GENERATIONS);
        // Killed while the pipeline wrote: a staged, truncated Parquet file.
        Path staged = data.resolve(DataSet.STAGING).resolve("20260101T000000Z-aaaaaa").resolve("usages");
        Files.createDirectories(staged);
        Path part = staged.resolve("part-0.parquet");
        Files.copy(built.resolve("usages").resolve(firstParquet(built.resolve("usages"))), part);
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        // Killed while the new generation was being built: a half-filled <run>.tmp.
        Path half = gens.resolve("20260101T000001Z-bbbbbb.tmp");
        FaultData.copy(built.resolve("usages"), half.resolve("usages"));
        // Killed after the generation was complete and renamed, before current was swapped.
        FaultData.copy(built, gens.resolve(built.getFileName().toString()));

        // A reader still sees exactly what was committed.
        assertThat(FaultAssertions.committed(data)).isEqualTo(before);
        FaultRun sql = FaultRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT count(*) FROM stg_usages");
        assertThat(sql.code()).as(sql.toString()).isZero();
        assertThat(sql.out()).contains(String.valueOf(usages.size()));

        // The next run succeeds and removes every leftover.
        FaultRun next = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, more));
        assertThat(next.code()).as(next.toString()).isZero();
        FaultAssertions.assertNoStackTrace(next.err());
        assertThat(Files.exists(data.resolve(DataSet.STAGING))).isFalse();
        try (Stream<Path> s = Files.list(gens)) {
            assertThat(s.toList()).containsExactly(data.resolve(DataSet.CURRENT).toRealPath());
        }
        Healthy.assertComplete(data);
        assertThat(ParquetRows.rows(data, "SELECT f.path || ' ' || u.symbol FROM repos r JOIN files f USING "
                + "(repo_id) JOIN usages u USING (blob_id) WHERE r.name = 'more' ORDER BY 1"))
                .containsExactly("m.py trio", "m.py trio.run");
    }

    private static String firstParquet(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().findFirst()
                    .orElseThrow();
        }
    }
}
