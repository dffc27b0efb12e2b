package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.git.RepoSpec;
import io.anyscope.git.SshServerFixture;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code anyscope scan --ssh-dir DIR} end to end over a real SSH git server in this JVM: a list mixing an ssh URL, a
 * local repository, an ssh server whose host key is not known and a closed port. The good ones are scanned, the bad
 * ones are error rows, the run goes on; a second run fetches the new commit into the same clone. Read back from
 * Parquet through DuckDB.
 */
class ScanSshTest {
    static final String APP_V1 = "import asyncio\n\nasyncio.run(main())\n";
    static final String APP_V2 = "import anyio\n\nanyio.run(main)\n";
    static final String LOCAL = "import trio\n\ntrio.run(main)\n";
    static final String PASSWORD = "pa55-s3cr3t";

    @TempDir
    Path tmp;

    @Test
    void sshRepositoriesAreScannedNextToLocalOnesAndTheirFailuresAreRows() throws Exception {
        try (GitFixture remote = GitFixture.init(tmp.resolve("remote-origin"));
             GitFixture other = GitFixture.init(tmp.resolve("other-origin"));
             GitFixture local = GitFixture.init(tmp.resolve("local"));
             SshServerFixture server = SshServerFixture.start(remote.repo, tmp.resolve("ssh"));
             // a second server, whose host key is in no known_hosts we use
             SshServerFixture stranger = SshServerFixture.start(other.repo, tmp.resolve("elsewhere"))) {
            ObjectId c1 = remote.commit("main", "2026-03-02T10:00:00Z", Map.of("app.py", APP_V1));
            other.commit("main", "2026-03-02T10:00:00Z", Map.of("x.py", "import trio\n"));
            local.commit("main", "2026-03-03T10:00:00Z", Map.of("jobs.py", LOCAL));
            int closed = SshServerFixture.closedPort();
            String strangerUrl = "ssh://" + SshServerFixture.USER + ":" + PASSWORD + "@127.0.0.1:" + stranger.port
                    + "/org/stranger.git";
            String refusedUrl = "ssh://git@127.0.0.1:" + closed + "/org/refused.git";
            Path list = tmp.resolve("repos.txt");
            Files.writeString(list, String.join("\n",
                    "# location name team",
                    server.url("org/remote.git") + " remote core",
                    local.dir + " local core",
                    strangerUrl + " stranger core",
                    refusedUrl + " refused core") + "\n");
            Path data = tmp.resolve("data");

            CommandRun first = scan(list, data, server.sshDir);
            assertThat(first.code()).as(first.err()).isEqualTo(Main.PARTIAL);
            assertThat(ParquetRows.rows(data, "SELECT name || ' ' || status FROM repos ORDER BY 1"))
                    .containsExactly("local ok", "refused failed", "remote ok", "stranger failed");
            String remoteId = RepoSpec.of(server.url("org/remote.git")).repoId();
            assertThat(ParquetRows.rows(data, "SELECT commit_id FROM snapshots WHERE repo_id = '" + remoteId
                    + "'")).containsExactly(c1.name());
            assertThat(ParquetRows.rows(data, "SELECT DISTINCT r.name || ' ' || u.symbol FROM repos r "
                    + "JOIN snapshots s USING (repo_id) JOIN files f USING (repo_id, commit_id) "
                    + "JOIN usages u USING (blob_id) WHERE u.symbol LIKE '%.run' ORDER BY 1"))
                    .containsExactly("local trio.run", "remote asyncio.run");
            assertThat(ParquetRows.rows(data, "SELECT url FROM repos WHERE name IN ('remote', 'stranger') "
                    + "ORDER BY name")).containsExactly(server.url("org/remote.git"),
                    "ssh://***@127.0.0.1:" + stranger.port + "/org/stranger.git");
            // Each failure is an error row (stage fetch) saying what went wrong and naming the redacted repository.
            List<String> errors = ParquetRows.rows(data, "SELECT r.name || ' | ' || e.stage || ' | ' || e.kind "
                    + "|| ' | ' || e.message FROM errors e JOIN repos r USING (repo_id) ORDER BY 1");
            assertThat(errors).hasSize(2);
            assertThat(errors.get(0)).startsWith("refused | fetch | io | " + refusedUrl + ": unreachable: ")
                    .contains("Connection refused");
            assertThat(errors.get(1)).startsWith("stranger | fetch | other | ssh://***@127.0.0.1:" + stranger.port
                    + "/org/stranger.git: ssh host key not trusted: the server's host key is not in "
                    + server.sshDir.resolve("known_hosts"));
            assertThat(first.err()).contains("anyscope: " + refusedUrl + ": ", "anyscope: ssh://***@127.0.0.1:"
                    + stranger.port + "/org/stranger.git: ");
            assertNoPassword(first, data);
            // Only the good URL has a clone.
            Path cache = tmp.resolve("cache");
            Path clone;
            try (Stream<Path> s = Files.list(cache)) {
                List<Path> clones = s.toList();
                assertThat(clones).hasSize(1);
                clone = clones.get(0);
            }
            assertThat(clone.getFileName().toString()).startsWith(remoteId + "-remote");
            Path marker = Files.writeString(clone.resolve("anyscope-marker"), "keep me");

            // A new commit on the server: the next run fetches it into the same clone.
            ObjectId c2 = remote.commit("main", "2026-03-04T10:00:00Z", Map.of("app.py", APP_V2), c1);
            CommandRun second = scan(list, data, server.sshDir);
            assertThat(second.code()).as(second.err()).isEqualTo(Main.PARTIAL);
            assertThat(ParquetRows.rows(data, "SELECT commit_id FROM snapshots WHERE repo_id = '" + remoteId
                    + "' ORDER BY commit_time")).containsExactly(c1.name(), c2.name());
            assertThat(ParquetRows.rows(data, "SELECT head_commit FROM repos WHERE name = 'remote'"))
                    .containsExactly(c2.name());
            assertThat(ParquetRows.rows(data, "SELECT DISTINCT u.symbol FROM snapshots s JOIN files f "
                    + "USING (repo_id, commit_id) JOIN usages u USING (blob_id) WHERE s.repo_id = '" + remoteId
                    + "' AND s.commit_id = '" + c2.name() + "' AND u.symbol LIKE '%.run'"))
                    .containsExactly("anyio.run");
            assertThat(marker).hasContent("keep me"); // fetched, not cloned again
            try (Stream<Path> s = Files.list(cache)) {
                assertThat(s.toList()).containsExactly(clone);
            }
            assertNoPassword(second, data);
        }
    }

    @Test
    void aMissingSshDirIsAUsageError() {
        CommandRun run = CommandRun.of("scan", "--out", tmp.resolve("d").toString(), "--ssh-dir",
                tmp.resolve("nope").toString(), "ssh://git@127.0.0.1:9/x.git");
        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--ssh-dir is not a directory: " + tmp.resolve("nope"));
    }

    private CommandRun scan(Path list, Path data, Path sshDir) {
        // Repository failures are reported on the process's stderr, so capture that too.
        return CommandRun.withProcessErr("scan", "--repos", list.toString(), "--out", data.toString(),
                "--cache", tmp.resolve("cache").toString(), "--ssh-dir", sshDir.toString(), "--history", "all",
                "--no-progress", "--gitTimeoutSeconds=30");
    }

    private static void assertNoPassword(CommandRun run, Path data) throws Exception {
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        OutputFiles.assertNoneContains(data, PASSWORD);
    }
}
