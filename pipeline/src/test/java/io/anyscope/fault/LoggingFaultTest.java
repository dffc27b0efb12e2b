package io.anyscope.fault;

import com.sun.net.httpserver.HttpServer;
import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Libraries' logging never reaches the user: a corrupt pack, a full disk and a clone over dumb HTTP each give at
 * most one line per problem on stderr, no stack trace and no Java class name; the libraries' records go to the run's
 * log in DATA/logs for support.
 */
class LoggingFaultTest {
    @TempDir
    Path tmp;

    /** No stack trace, no exception or logger class name: what a user must never see. */
    static void assertNoJavaOnStderr(String err) {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("org.eclipse")
                .doesNotContain("org.apache").doesNotContain("WARN").doesNotContain("SEVERE");
    }

    static List<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).toList();
    }

    static String runLogs(Path data) throws IOException {
        Path logs = data.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path p : s.sorted().toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    /** Five files of incompressible text (so that the pack is mostly blob data), one commit, packed by JGit's gc. */
    private Path packedRepo(String name) throws Exception {
        Path dir = tmp.resolve(name);
        SplittableRandom rnd = new SplittableRandom(7);
        Map<String, Object> files = new TreeMap<>();
        for (int i = 1; i <= 5; i++) {
            StringBuilder sb = new StringBuilder("import asyncio\n\n\nasync def f" + i + "():\n    await asyncio.sleep("
                    + i + ")\n\n# ");
            for (int k = 0; k < 6000; k++) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
            files.put("m" + i + ".py", sb.append('\n').toString());
        }
        try (GitFixture g = GitFixture.init(dir)) {
            g.commit("main", "2026-01-05T10:00:00Z", files);
        }
        try (Git git = Git.open(dir.toFile())) {
            git.gc().setAggressive(false).call();
        }
        return dir;
    }

    /** {@link #packedRepo} with 32 bytes in the middle of its pack overwritten (inside a blob's data). */
    private Path damagedRepo() throws Exception {
        Path repo = packedRepo("damaged");
        Path pack;
        try (Stream<Path> s = Files.list(repo.resolve(".git/objects/pack"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        pack.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX".getBytes(StandardCharsets.US_ASCII));
        }
        return repo;
    }

    @Test
    void corruptPackGivesOneLinePerDamagedFileAndNoStackTrace() throws Exception {
        Path repo = damagedRepo();
        Path data = tmp.resolve("data");

        CommandRun r = CommandRun.withProcessErr("scan", repo.toString(), "--out", data.toString(), "--no-progress");

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertNoJavaOnStderr(r.err());
        List<String> damaged = lines(r.err()).stream().filter(l -> l.contains("cannot read blob")).toList();
        assertThat(damaged).as(r.err()).hasSize(1);
        assertThat(damaged.get(0)).startsWith("anyscope: damaged: m").contains("damaged pack");
        assertThat(ParquetRows.rows(data, "SELECT stage, kind, path FROM errors WHERE kind <> 'syntax'"))
                .singleElement().asString().matches("read (corrupt|missing_object) m[1-5]\\.py");
        // JGit's own warning, with its trace, is kept for support in the run's log.
        assertThat(runLogs(data)).contains("is corrupt").contains("\tat org.eclipse.jgit");
    }

    @Test
    void verboseShowsTheLibrariesLogOnStderr() throws Exception {
        Path repo = damagedRepo();
        CommandRun r = CommandRun.withProcessErr("scan", repo.toString(), "--out", tmp.resolve("data").toString(),
                "--no-progress", "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is corrupt").contains("\tat org.eclipse.jgit");
    }

    @Test
    void fullDiskGivesOneLineExit3AndLeavesDataUnchanged() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor() == 0;
        if (!mounted && System.getenv("CI") != null) {
            throw new AssertionError("CI runs as root and must mount a small tmpfs: "
                    + new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        Assumptions.assumeTrue(mounted, "skipped: cannot mount a 5 MB tmpfs here (needs root)");
        try {
            Path repo = tmp.resolve("svc");
            Path data = mnt.resolve("data");
            try (GitFixture g = GitFixture.init(repo)) {
                ObjectId c1 = g.commit("main", "2026-01-05T10:00:00Z",
                        Map.of("a.py", "import asyncio\nasyncio.run(main())\n"));
                CommandRun first = CommandRun.of("scan", repo.toString(), "--out", data.toString(), "--no-progress");
                assertThat(first.code()).as(first.err()).isZero();
                Map<String, Object> more = new LinkedHashMap<>();
                for (int i = 0; i < 20; i++) {
                    more.put("m" + i + ".py", "import trio\n\nasync def g" + i + "():\n    await trio.sleep(" + i
                            + ")\n");
                }
                more.put("a.py", "import asyncio\nasyncio.run(main())\n");
                g.commit("main", "2026-01-12T10:00:00Z", more, c1);
            }
            Map<String, String> before = FaultFiles.digests(data);
            fill(mnt, 8 * 1024);

            CommandRun r = CommandRun.withProcessErr("scan", repo.toString(), "--out", data.toString(),
                    "--no-progress");

            assertThat(r.code()).as(r.err()).isEqualTo(3);
            assertNoJavaOnStderr(r.err());
            assertThat(lines(r.err())).as(r.err()).singleElement().asString()
                    .startsWith("anyscope scan: disk full writing " + data)
                    .endsWith("free space or use --out elsewhere; nothing was changed in " + data);
            assertThat(FaultFiles.digests(data)).isEqualTo(before);
        } finally {
            new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
        }
    }

    /** Fills the file system of {@code dir} but for about {@code leaveBytes}. */
    private static void fill(Path dir, long leaveBytes) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace() - leaveBytes;
        try (OutputStream o = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] block = new byte[4096];
            for (long n = 0; n + block.length <= free; n += block.length) {
                o.write(block);
            }
        }
    }

    @Test
    void cloneOverDumbHttpLeavesNoLockAndSaysNothing() throws Exception {
        Path remote = tmp.resolve("remote.git");
        // Auto gc estimates the loose objects from those named 17...: three such blobs make it run with gc.auto = 1.
        Map<String, Object> sampledLooseObjects = new TreeMap<>();
        for (int k = 0; sampledLooseObjects.size() < 3; k++) {
            String content = "x = " + k + "\n";
            if (GitFixture.blobId(content).name().startsWith("17")) {
                sampledLooseObjects.put("data/d" + k + ".py", content);
            }
        }
        try (GitFixture g = GitFixture.init(remote, true)) {
            ObjectId c = null;
            for (int i = 0; i < 5; i++) {
                Map<String, Object> files = new TreeMap<>();
                files.putAll(sampledLooseObjects);
                for (int k = 0; k <= i; k++) {
                    files.put("pkg/m" + k + ".py", "import asyncio\n\nasync def f():\n    await asyncio.sleep(" + k
                            + ")\n");
                }
                c = c == null ? g.commit("main", "2026-01-0" + (i + 1) + "T10:00:00Z", files)
                        : g.commit("main", "2026-01-0" + (i + 1) + "T10:00:00Z", files, c);
            }
        }
        updateServerInfo(remote);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            Path f = remote.resolve(ex.getRequestURI().getPath().replaceFirst("^/remote\\.git/?", "")).normalize();
            if (!f.startsWith(remote) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        // JGit gcs automatically after a fetch once about 6,700 loose objects (gc.auto) pile up, as they do over dumb
        // HTTP with a real repository; a user configuration saying gc.auto = 1 reaches the same code with a few.
        Path userConfig = tmp.resolve("gitconfig");
        Files.writeString(userConfig, "[gc]\n\tauto = 1\n\tautopacklimit = 1\n");
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, userConfig.toFile(), fs);
            }
        });
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/remote.git";
            Path cache = tmp.resolve("cache");
            Path data = tmp.resolve("data");
            for (int run = 0; run < 2; run++) { // the clone, then a fetch into it
                CommandRun r = CommandRun.withProcessErr("scan", url, "--out", data.toString(), "--cache",
                        cache.toString(), "--history", "weekly", "--no-progress");
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.err()).as("run %d", run).isEmpty();
                try (Stream<Path> s = Files.walk(cache)) {
                    assertThat(s.map(Path::toString).filter(p -> p.endsWith(".lock")).toList()).isEmpty();
                }
            }
            assertThat(ParquetRows.rows(data, "SELECT count(DISTINCT blob_id) FROM usages")).containsExactly("5");
        } finally {
            SystemReader.setInstance(null);
            server.stop(0);
        }
    }

    /** What {@code git update-server-info} writes: info/refs and objects/info/packs, for dumb HTTP clients. */
    private static void updateServerInfo(Path bare) throws IOException {
        StringBuilder refs = new StringBuilder();
        try (Git git = Git.open(bare.toFile())) {
            for (Ref ref : git.getRepository().getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
                refs.append(ref.getObjectId().name()).append('\t').append(ref.getName()).append('\n');
            }
        }
        Files.createDirectories(bare.resolve("info"));
        Files.writeString(bare.resolve("info/refs"), refs.toString());
        Files.createDirectories(bare.resolve("objects/info"));
        Files.writeString(bare.resolve("objects/info/packs"), "\n");
    }
}
