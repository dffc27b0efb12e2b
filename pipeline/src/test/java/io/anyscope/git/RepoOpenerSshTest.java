package io.anyscope.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ssh URLs against a real SSH git server in this JVM ({@link SshServerFixture}: Apache MINA SSHD on 127.0.0.1), with
 * real keys and a real {@code known_hosts} in a temporary ssh directory handed to the opener, as {@code --ssh-dir}
 * does. Nothing is mocked; the user's own {@code ~/.ssh} is never read.
 */
class RepoOpenerSshTest {
    @TempDir
    Path tmp;
    GitFixture origin;
    SshServerFixture server;
    ObjectId a;

    @BeforeEach
    void serve() throws Exception {
        origin = GitFixture.init(tmp.resolve("origin"));
        a = origin.commit("main", "2024-05-01T10:00:00Z", Map.of("a.py", "import asyncio\n"));
        origin.commit("aaa-first-branch", "2024-05-01T11:00:00Z", Map.of("z.py", "z\n"));
        server = SshServerFixture.start(origin.repo, tmp.resolve("ssh"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        origin.close();
    }

    private RepoOpener opener(Path sshDir) {
        return new RepoOpener(tmp.resolve("cache"), 30, sshDir); // generous: a cold JVM on a busy machine
    }

    @Test
    void anSshUrlIsClonedOnceAndFetchedAfterwards() throws Exception {
        SshSessionFactory global = SshSessionFactory.getInstance();
        RepoSpec spec = new RepoSpec(server.url("org/app.git"), null, "team");
        assertThat(spec.isUrl()).isTrue();
        assertThat(spec.name()).isEqualTo("app");
        RepoOpener opener = opener(server.sshDir);
        assertThat(opener.sshDir()).isEqualTo(server.sshDir);
        Path clone = opener.cachePath(spec);
        byte[] knownHosts = Files.readAllBytes(server.sshDir.resolve("known_hosts"));

        try (OpenedRepo first = opener.open(spec)) {
            assertThat(first.action()).isEqualTo(OpenedRepo.Action.CLONED);
            assertThat(first.gitDir()).isEqualTo(clone);
            assertThat(first.repository().isBare()).isTrue();
            History h = History.of(first.repository(), null);
            assertThat(h.branch()).isEqualTo("main"); // the remote's HEAD, not the first branch by name
            assertThat(h.tip()).isEqualTo(a);
            assertThat(h.firstParentCommits()).containsExactly(a);
            assertThat(h.snapshots(History.Mode.HEAD, null, null)).extracting(Snapshot::commitId)
                    .containsExactly(a.name());
            assertThat(first.repository().exactRef("refs/heads/aaa-first-branch")).isNotNull();
            assertThat(first.repository().getConfig().getString("remote", "origin", "url"))
                    .isEqualTo(server.url("org/app.git"));
        }
        assertThat(clone.resolve("FETCH_HEAD")).doesNotExist();
        Path marker = Files.writeString(clone.resolve("anyscope-marker"), "keep me");

        ObjectId b = origin.commit("main", "2024-05-08T10:00:00Z", Map.of("a.py", "import anyio\n"), a);
        origin.annotatedTag("v2", b, "2024-05-08T11:00:00Z");
        var del = origin.repo.updateRef("refs/heads/aaa-first-branch");
        del.setForceUpdate(true);
        del.delete();

        try (OpenedRepo second = opener(server.sshDir).open(spec)) {
            assertThat(second.action()).isEqualTo(OpenedRepo.Action.FETCHED);
            assertThat(second.gitDir()).isEqualTo(clone);
            History h = History.of(second.repository(), null);
            assertThat(h.tip()).isEqualTo(b);
            assertThat(h.firstParentCommits()).containsExactly(a, b);
            assertThat(h.snapshots(History.Mode.TAGS, null, null)).extracting(Snapshot::label)
                    .containsExactly("v2");
            assertThat(second.repository().exactRef("refs/heads/aaa-first-branch")).isNull();
        }
        assertThat(marker).hasContent("keep me"); // the same directory: fetched, not re-cloned
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(clone.getFileName().toString());
        }
        // Workers read the clone as it is.
        try (OpenedRepo read = opener(server.sshDir).openForReading(spec)) {
            assertThat(read.action()).isEqualTo(OpenedRepo.Action.OPENED_CACHED);
            assertThat(History.of(read.repository(), null).tip()).isEqualTo(b);
        }
        // known_hosts is read, never written; the JVM-wide session factory is left alone.
        assertThat(Files.readAllBytes(server.sshDir.resolve("known_hosts"))).isEqualTo(knownHosts);
        assertThat(SshSessionFactory.getInstance()).isSameAs(global);
    }

    @Test
    void anScpLikeUrlUsesTheSshDirectorysConfig() throws Exception {
        // scp-like syntax has no port: the host is an alias that the ssh directory's config resolves, as OpenSSH does.
        Files.writeString(server.sshDir.resolve("config"), String.join("\n",
                "Host gitserver",
                "  HostName 127.0.0.1",
                "  Port " + server.port,
                "  IdentityFile ~/does-not-exist/id_rsa",
                "  IdentityFile " + server.sshDir.resolve("deploy_key"),
                "") + "\n");
        Files.move(server.sshDir.resolve("id_ed25519"), server.sshDir.resolve("deploy_key"));
        String url = SshServerFixture.USER + "@gitserver:org/app.git";
        RepoSpec spec = RepoSpec.of(url);
        assertThat(spec.isUrl()).isTrue();
        assertThat(spec.redactedLocation()).isEqualTo(url);
        try (OpenedRepo opened = opener(server.sshDir).open(spec)) {
            assertThat(opened.action()).isEqualTo(OpenedRepo.Action.CLONED);
            assertThat(History.of(opened.repository(), null).tip()).isEqualTo(a);
        }
        origin.commit("main", "2024-05-08T10:00:00Z", Map.of("a.py", "import anyio\n"), a);
        try (OpenedRepo opened = opener(server.sshDir).open(spec)) {
            assertThat(opened.action()).isEqualTo(OpenedRepo.Action.FETCHED);
            assertThat(History.of(opened.repository(), null).firstParentCommits()).hasSize(2);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithAClearMessage() throws Exception {
        Path sshDir = Files.createDirectories(tmp.resolve("no-known-hosts"));
        SshServerFixture.writePrivateKey(server.userKey, sshDir.resolve("id_ed25519"));
        String url = server.url("org/app.git");
        GitInputException e = catchThrowableOfType(GitInputException.class,
                () -> opener(sshDir).open(RepoSpec.of(url)));
        assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(e.stage()).isEqualTo(Stage.FETCH);
        assertThat(e.getMessage()).startsWith(url + ": ssh host key not trusted: the server's host key is not in "
                        + sshDir.resolve("known_hosts"))
                .contains("ssh-keyscan -p " + server.port + " 127.0.0.1")
                .doesNotContain("\n");
        // never added on its own, and no half-made clone left behind
        assertThat(sshDir.resolve("known_hosts")).doesNotExist();
        assertThat(cacheEntries()).isEmpty();

        // A changed host key (another key recorded for this host and port) is refused the same way.
        Files.writeString(sshDir.resolve("known_hosts"), "[127.0.0.1]:" + server.port + " "
                + SshServerFixture.publicKeyLine(SshServerFixture.ed25519()) + "\n");
        assertThat(catchThrowableOfType(GitInputException.class, () -> opener(sshDir).open(RepoSpec.of(url))))
                .hasMessageStartingWith(url + ": ssh host key not trusted");

        // With the server's line it works.
        Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        try (OpenedRepo opened = opener(sshDir).open(RepoSpec.of(url))) {
            assertThat(opened.action()).isEqualTo(OpenedRepo.Action.CLONED);
        }
    }

    @Test
    void acceptNewInTheConfigRecordsAnUnknownHostKey() throws Exception {
        Path sshDir = Files.createDirectories(tmp.resolve("accept-new"));
        SshServerFixture.writePrivateKey(server.userKey, sshDir.resolve("id_ed25519"));
        Files.writeString(sshDir.resolve("config"), "Host 127.0.0.1\n  StrictHostKeyChecking accept-new\n");
        Files.writeString(sshDir.resolve("known_hosts"), ""); // JGit would ask before creating the file
        try (OpenedRepo opened = opener(sshDir).open(RepoSpec.of(server.url("org/app.git")))) {
            assertThat(History.of(opened.repository(), null).tip()).isEqualTo(a);
        }
        assertThat(Files.readString(sshDir.resolve("known_hosts")))
                .contains(SshServerFixture.publicKeyLine(server.hostKey));
    }

    @Test
    void aKeyTheServerDoesNotKnowFailsAuthenticationAndAnUrlPasswordIsNeverShown() throws Exception {
        server.enablePasswords(); // the server would take a password; ours is wrong, and is not sent anyway
        Path sshDir = Files.createDirectories(tmp.resolve("stranger"));
        SshServerFixture.writePrivateKey(SshServerFixture.ed25519(), sshDir.resolve("id_ed25519"));
        Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine() + "\n");

        String url = server.url("org/app.git");
        GitInputException e = catchThrowableOfType(GitInputException.class,
                () -> opener(sshDir).open(RepoSpec.of(url)));
        assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(e.stage()).isEqualTo(Stage.FETCH);
        assertThat(e.getMessage()).startsWith(url + ": ssh authentication failed: the server accepted no key from "
                + sshDir).doesNotContain("\n").doesNotContain("password in an ssh URL");

        String withPassword = "ssh://" + SshServerFixture.USER + ":pa55-s3cr3t@127.0.0.1:" + server.port + "/app.git";
        RepoSpec spec = RepoSpec.of(withPassword);
        assertThat(spec.redactedLocation()).isEqualTo("ssh://***@127.0.0.1:" + server.port + "/app.git");
        e = catchThrowableOfType(GitInputException.class, () -> opener(sshDir).open(spec));
        assertThat(e.getMessage()).startsWith("ssh://***@127.0.0.1:" + server.port
                + "/app.git: ssh authentication failed: ").contains("a password in an ssh URL is not used");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("pa55-s3cr3t");
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void aKeyWithAPassphraseIsNotUsableAndNothingWaitsForIt() throws Exception {
        Path sshDir = Files.createDirectories(tmp.resolve("passphrase"));
        SshServerFixture.writeEncryptedPrivateKey(server.userKey, sshDir.resolve("id_ed25519"), "open sesame");
        Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        String url = server.url("org/app.git");
        long start = System.nanoTime();
        GitInputException e = catchThrowableOfType(GitInputException.class,
                () -> opener(sshDir).open(RepoSpec.of(url)));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
        assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(e.getMessage()).startsWith(url + ": ssh authentication failed: the server accepted no key from "
                + sshDir).contains("keys with a passphrase cannot be used");
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int closed = SshServerFixture.closedPort();
        String url = "ssh://git@127.0.0.1:" + closed + "/org/app.git";
        long start = System.nanoTime();
        GitInputException e = catchThrowableOfType(GitInputException.class,
                () -> opener(server.sshDir).open(RepoSpec.of(url)));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(e.kind()).isEqualTo(ErrorKind.IO);
        assertThat(e.stage()).isEqualTo(Stage.FETCH);
        assertThat(e.getMessage()).startsWith(url + ": unreachable: ").contains("Connection refused");
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void aHostThatNeverAnswersTimesOut() throws Exception {
        // A TCP port that accepts and then says nothing (no ssh banner): the transport timeout ends the wait.
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "ssh://git@127.0.0.1:" + silent.getLocalPort() + "/org/app.git";
            long start = System.nanoTime();
            GitInputException e = catchThrowableOfType(GitInputException.class,
                    () -> new RepoOpener(tmp.resolve("cache"), 2, server.sshDir).open(RepoSpec.of(url)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isLessThan(15_000);
            assertThat(e.kind()).isEqualTo(ErrorKind.IO);
            assertThat(e.getMessage()).startsWith(url + ": unreachable: ")
                    .contains("ssh handshake timed out after 2 s");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void aMissingSshDirectoryIsSaidSo() {
        Path nowhere = tmp.resolve("no-such-ssh-dir");
        GitInputException e = catchThrowableOfType(GitInputException.class,
                () -> opener(nowhere).open(RepoSpec.of(server.url("org/app.git"))));
        assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(e.getMessage()).isEqualTo(server.url("org/app.git") + ": the ssh directory " + nowhere
                + " does not exist");
    }

    @Test
    void theDefaultSshDirectoryIsTheUsersDotSsh() {
        assertThat(new RepoOpener(tmp.resolve("cache")).sshDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh").toAbsolutePath().normalize());
    }

    private List<Path> cacheEntries() throws IOException {
        if (!Files.exists(tmp.resolve("cache"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.toList();
        }
    }
}
