package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.DataSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nearly full file system under DATA: a size-limited tmpfs the test mounts (as root; CI runs as root), skipped with
 * a message where it cannot. A scan that runs out of space fails as a whole (exit 3) and leaves the committed data
 * byte-identical; once there is space again, the next scan succeeds.
 */
public class FileSystemFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskLeavesTheCommittedDataAsItWas() throws Exception {
        Path healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        Path big = tmp.resolve("big");
        Map<String, Object> files = new HashMap<>();
        String body = "    await asyncio.sleep(1)\n    loop = asyncio.get_event_loop()\n".repeat(20);
        for (int i = 0; i < 300; i++) {
            files.put("pkg/m" + i + ".py", "import asyncio\n\nasync def f" + i + "():\n" + body);
        }
        try (GitFixture g = GitFixture.init(big)) {
            g.commit("main", "2026-03-02T10:00:00Z", files);
        }
        Path mount = Files.createDirectories(tmp.resolve("small"));
        mountTmpfs(mount, "24m"); // the data sets and the marts files each scan builds (DuckDB, a few MB)
        try {
            Path data = FaultData.goodScan(mount.resolve("data"), tmp.resolve("cache"), healthy);
            Map<String, String> before = FaultAssertions.committed(data);
            // Leave 32 KiB: less than the big repository's tables.
            Path filler = mount.resolve("filler");
            FileStore store = Files.getFileStore(mount);
            Files.write(filler, new byte[(int) Math.max(0, store.getUsableSpace() - 32 * 1024)]);

            FaultRun full = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, big));
            assertThat(full.code()).as(full.toString()).isEqualTo(Main.FAILED);
            assertThat(FaultAssertions.committed(data)).as("DATA after the full disk").isEqualTo(before);
            Healthy.assertComplete(data);
            // One line: what happened, what to do, and that DATA is unchanged; no library trace.
            assertThat(full.errLines()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("anyscope scan: disk full writing " + data)
                    .endsWith(": free space or use --out elsewhere; nothing was changed in " + data));
            FaultAssertions.assertNoStackTrace(full.err());
            // The failed writers closed their files: nothing of this process still holds the disk.
            assertThat(openFilesUnder(mount)).as("files the failed scan left open").isEmpty();

            Files.delete(filler);
            FaultRun next = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, big));
            assertThat(next.code()).as(next.toString()).isZero();
            assertThat(Files.exists(data.resolve(DataSet.STAGING))).isFalse();
            Healthy.assertComplete(data);
        } finally {
            unmount(mount);
        }
    }

    /** Unmounts what {@link #mountTmpfs} mounted on {@code dir}, failing if it cannot (a file still open there). */
    public static void unmount(Path dir) throws Exception {
        String out = run("umount", dir.toString());
        assertThat(out).as("umount " + dir).isNull();
    }

    /** The files under {@code dir} this process has open (its {@code /proc/self/fd} links). */
    public static List<String> openFilesUnder(Path dir) throws IOException {
        List<String> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir + "/")) {
                        open.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the directory listing itself, or one closed since
                }
            }
        }
        return open;
    }

    /** Mounts a tmpfs of {@code size} on {@code dir}, or skips the test saying why. */
    public static void mountTmpfs(Path dir, String size) throws Exception {
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "not root";
        } else {
            String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
            if (out != null) {
                why = "mount failed: " + out;
            }
        }
        Assumptions.assumeTrue(why == null, "skipped: a nearly full file system needs a tmpfs mounted by the test ("
                + why + ")");
    }

    /** Runs a command; null when it exits 0, else its output. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out.strip();
    }
}
