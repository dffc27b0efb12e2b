package io.anyscope.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepoOpenerTest {
    @TempDir
    Path tmp;

    private RepoOpener opener() {
        return new RepoOpener(tmp.resolve("cache"), 5);
    }

    @Test
    void aMissingPathIsMissingRepo() {
        Path nowhere = tmp.resolve("nowhere");
        assertThatThrownBy(() -> opener().open(RepoSpec.of(nowhere.toString())))
                .isInstanceOfSatisfying(GitInputException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_REPO);
                    assertThat(e.stage()).isEqualTo(Stage.OPEN);
                })
                .hasMessage("repository " + nowhere + ": path does not exist");
    }

    @Test
    void aDirectoryThatIsNotARepositoryEvenInsideOne() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> opener().open(RepoSpec.of(plain.toString())))
                .isInstanceOf(GitInputException.class)
                .hasMessage("repository " + plain + ": not a git repository");
        // a subdirectory of a working copy is not that repository: parents are not searched
        try (GitFixture g = GitFixture.init(tmp.resolve("wc"))) {
            g.commit("main", "2024-05-01T10:00:00Z", Map.of("a.py", "a"));
            Path sub = Files.createDirectories(g.dir.resolve("sub"));
            assertThatThrownBy(() -> opener().open(RepoSpec.of(sub.toString())))
                    .isInstanceOfSatisfying(GitInputException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_REPO))
                    .hasMessageEndingWith("sub: not a git repository");
        }
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertThatThrownBy(() -> opener().open(RepoSpec.of(file.toString())))
                .hasMessage("repository " + file + ": not a directory");
    }

    @Test
    void localWorkingCopyAndBareRepositoryAreOpenedInPlaceAndNotModified() throws Exception {
        ObjectId tip;
        try (GitFixture g = GitFixture.init(tmp.resolve("wc"))) {
            ObjectId a = g.commit("main", "2024-05-01T10:00:00Z", Map.of("a.py", "a\n", "requirements.txt", "anyio\n"));
            tip = g.commit("main", "2024-05-09T10:00:00Z", Map.of("a.py", "b\n", "requirements.txt", "anyio\n"), a);
            g.lightweightTag("v1", a);
        }
        Path bare = tmp.resolve("bare.git");
        Git.cloneRepository().setURI(tmp.resolve("wc").toUri().toString()).setBare(true)
                .setDirectory(bare.toFile()).call().close();
        for (Path dir : List.of(tmp.resolve("wc"), tmp.resolve("wc/.git"), bare)) {
            Map<String, String> before = fingerprint(dir);
            try (OpenedRepo opened = opener().open(RepoSpec.of(dir.toString()))) {
                assertThat(opened.action()).isEqualTo(OpenedRepo.Action.OPENED_LOCAL);
                History h = History.of(opened.repository(), null, opened.spec().redactedLocation());
                assertThat(h.tip()).isEqualTo(tip);
                h.snapshots(History.Mode.WEEKLY, null, null);
                h.snapshots(History.Mode.TAGS, null, null);
                List<FileEntry> files = TreeLister.list(opened.repository(), tip);
                try (ObjectReader reader = opened.repository().newObjectReader()) {
                    assertThat(BlobReader.read(reader, files.get(0).blob(), 100).isOk()).isTrue();
                }
            }
            assertThat(fingerprint(dir)).as("nothing under %s changed", dir).isEqualTo(before);
        }
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void aFileUrlIsClonedOnceAndFetchedAfterwards() throws Exception {
        try (GitFixture origin = GitFixture.init(tmp.resolve("origin"))) {
            ObjectId a = origin.commit("main", "2024-05-01T10:00:00Z", Map.of("a.py", "a\n"));
            origin.commit("aaa-first-branch", "2024-05-01T11:00:00Z", Map.of("z.py", "z\n"));
            RepoSpec spec = new RepoSpec(origin.dir.toUri().toString(), "origin repo", "team");
            assertThat(spec.isUrl()).isTrue();
            RepoOpener opener = opener();
            Path clone = opener.cachePath(spec);
            assertThat(clone.getFileName().toString()).isEqualTo(spec.repoId() + "-origin_repo.git");

            try (OpenedRepo first = opener.open(spec)) {
                assertThat(first.action()).isEqualTo(OpenedRepo.Action.CLONED);
                assertThat(first.gitDir()).isEqualTo(clone);
                assertThat(first.repository().isBare()).isTrue();
                History h = History.of(first.repository(), null);
                assertThat(h.branch()).isEqualTo("main"); // the remote's HEAD, not the first branch by name
                assertThat(h.tip()).isEqualTo(a);
                assertThat(first.repository().getConfig().getString("remote", "origin", "url"))
                        .isEqualTo(spec.redactedLocation());
            }
            assertThat(clone.resolve("FETCH_HEAD")).doesNotExist();
            try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly(clone.getFileName().toString());
            }
            Path marker = Files.writeString(clone.resolve("anyscope-marker"), "keep me");

            ObjectId b = origin.commit("main", "2024-05-08T10:00:00Z", Map.of("a.py", "b\n"), a);
            origin.annotatedTag("v2", b, "2024-05-08T11:00:00Z");
            origin.repo.updateRef("refs/heads/aaa-first-branch").delete();
            // deleting needs force for a non-merged branch
            var del = origin.repo.updateRef("refs/heads/aaa-first-branch");
            del.setForceUpdate(true);
            del.delete();

            try (OpenedRepo second = opener.open(spec)) {
                assertThat(second.action()).isEqualTo(OpenedRepo.Action.FETCHED);
                History h = History.of(second.repository(), null);
                assertThat(h.tip()).isEqualTo(b);
                assertThat(h.firstParentCommits()).containsExactly(a, b);
                assertThat(h.snapshots(History.Mode.TAGS, null, null)).extracting(Snapshot::label)
                        .containsExactly("v2");
                assertThat(second.repository().exactRef("refs/heads/aaa-first-branch")).isNull();
            }
            assertThat(marker).hasContent("keep me"); // the same directory: not re-cloned
        }
    }

    @Test
    void theClonesHeadFollowsTheRemotesDefaultBranch() throws Exception {
        try (GitFixture origin = GitFixture.init(tmp.resolve("origin-dev"), true)) {
            origin.commit("main", "2024-05-01T10:00:00Z", Map.of("a.py", "a\n"));
            ObjectId d = origin.commit("dev", "2024-05-02T10:00:00Z", Map.of("d.py", "d\n"));
            origin.repo.updateRef(Constants.HEAD).link("refs/heads/dev");
            try (OpenedRepo opened = opener().open(RepoSpec.of(origin.dir.toUri().toString()))) {
                History h = History.of(opened.repository(), null);
                assertThat(h.branch()).isEqualTo("dev");
                assertThat(h.tip()).isEqualTo(d);
            }
        }
    }

    @Test
    void anUnreachableUrlFailsFastWithoutItsCredentials() {
        RepoSpec spec = RepoSpec.of("https://user:secret@127.0.0.1:9/x.git?token=hidden");
        long start = System.nanoTime();
        GitInputException e = (GitInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> opener().open(spec));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isLessThan(10_000);
        assertThat(e).isNotNull();
        assertThat(e.stage()).isEqualTo(Stage.FETCH);
        assertThat(e.kind()).isEqualTo(ErrorKind.IO);
        assertThat(e.getMessage()).startsWith("https://***@127.0.0.1:9/x.git?token=***: unreachable: ");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("secret").doesNotContain("user:").doesNotContain("hidden");
        // no half-made clone is left behind
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            assertThat(s).isEmpty();
        } catch (java.io.IOException io) {
            throw new AssertionError(io);
        }
    }

    @Test
    void aMissingRemoteIsMissingRepo() {
        RepoSpec spec = RepoSpec.of(tmp.resolve("no-such-origin").toUri().toString());
        assertThatThrownBy(() -> opener().open(spec))
                .isInstanceOfSatisfying(GitInputException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_REPO);
                    assertThat(e.stage()).isEqualTo(Stage.FETCH);
                })
                .hasMessageStartingWith(spec.redactedLocation() + ": repository not found");
    }

    /** Every file under a directory: path to size, mtime and content digest. */
    private static Map<String, String> fingerprint(Path dir) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    out.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p) + " "
                            + HexFormat.of().formatHex(digest));
                } else if (Files.isDirectory(p)) {
                    out.put(dir.relativize(p) + "/", "dir");
                }
            }
        }
        return out;
    }
}
