package io.anyscope.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.anyscope.git.GitFixture.file;
import static io.anyscope.git.GitFixture.gitlink;
import static io.anyscope.git.GitFixture.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeListerTest {
    @TempDir
    Path tmp;

    static final String APP_V1 = "import asyncio\n";
    static final String APP_V2 = "import anyio\n";
    static final String UTIL = "def f():\n    pass\n";

    private static Map<String, Object> tree1() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("src/pkg/app.py", APP_V1);
        t.put("src/pkg/util.py", UTIL);
        t.put("setup.py", "from setuptools import setup\n");
        t.put("pyproject.toml", "[project]\nname = 'x'\n");
        t.put("requirements-dev.txt", "pytest\n");
        t.put("requirements/base.txt", "anyio\n");
        t.put("notes.txt", "not requirements\n");
        t.put("README.md", "# readme\n");
        t.put("web/x.js", "console.log(1)\n");
        t.put("stubs/types.pyi", "x: int\n");
        return t;
    }

    private static List<String> describe(List<FileEntry> entries) {
        return entries.stream().map(e -> e.path() + " " + e.parser() + (e.isOk() ? " " + e.size() : " " + e.skip()))
                .collect(Collectors.toList());
    }

    @Test
    void listsTrackedFilesWithBlobIdsAcrossRenamesAndDeletions() {
        try (GitFixture g = GitFixture.init(tmp.resolve("renames"))) {
            ObjectId c1 = g.commit("main", "2024-05-01T10:00:00Z", tree1());
            Map<String, Object> t2 = tree1();
            t2.remove("src/pkg/util.py");
            t2.put("src/pkg/helpers.py", UTIL);       // rename
            t2.remove("setup.py");                    // deletion
            t2.put("src/pkg/app.py", APP_V2);         // modification
            ObjectId c2 = g.commit("main", "2024-05-02T10:00:00Z", t2, c1);

            List<FileEntry> at1 = TreeLister.list(g.repo, c1);
            assertThat(describe(at1)).containsExactly(
                    "pyproject.toml pyproject 21",
                    "requirements-dev.txt requirements 7",
                    "requirements/base.txt requirements 6",
                    "setup.py setup_py 29",
                    "src/pkg/app.py python 15",
                    "src/pkg/util.py python 18",
                    "stubs/types.pyi python 7");
            List<FileEntry> at2 = TreeLister.list(g.repo, c2);
            assertThat(describe(at2)).containsExactly(
                    "pyproject.toml pyproject 21",
                    "requirements-dev.txt requirements 7",
                    "requirements/base.txt requirements 6",
                    "src/pkg/app.py python 13",
                    "src/pkg/helpers.py python 18",
                    "stubs/types.pyi python 7");
            Map<String, String> blobs1 = at1.stream().collect(Collectors.toMap(FileEntry::path, FileEntry::blobId));
            Map<String, String> blobs2 = at2.stream().collect(Collectors.toMap(FileEntry::path, FileEntry::blobId));
            assertThat(blobs1.get("src/pkg/app.py")).isEqualTo(g.blobId(APP_V1).name());
            assertThat(blobs2.get("src/pkg/app.py")).isEqualTo(g.blobId(APP_V2).name());
            // a rename keeps the blob: the same content is not read twice
            assertThat(blobs2.get("src/pkg/helpers.py")).isEqualTo(blobs1.get("src/pkg/util.py"))
                    .isEqualTo(g.blobId(UTIL).name());
            // the id C git gives "pytest\n" (git hash-object)
            assertThat(blobs1.get("requirements-dev.txt")).isEqualTo("e079f8a6038dd2dc8512967540f96ee0de172067");
        }
    }

    @Test
    void symlinksWithTrackedNamesAndEverySubmoduleAreSkippedEntries() {
        try (GitFixture g = GitFixture.init(tmp.resolve("links"))) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("real.py", "x = 1\n");
            t.put("alias.py", symlink("real.py"));
            t.put("docs", symlink("../elsewhere"));                    // untracked name: not listed at all
            t.put("plugins/ext.py", gitlink("0123456789abcdef0123456789abcdef01234567"));
            t.put("vendor/lib", gitlink("89abcdef0123456789abcdef0123456789abcdef")); // untracked name: noted too
            ObjectId c = g.commit("main", "2024-05-01T10:00:00Z", t);
            List<FileEntry> entries = TreeLister.list(g.repo, c);
            assertThat(describe(entries)).containsExactly(
                    "alias.py python symlink",
                    "plugins/ext.py python submodule",
                    "real.py python 6",
                    "vendor/lib null submodule");
            assertThat(entries.get(3).blobId()).isEqualTo("89abcdef0123456789abcdef0123456789abcdef");
            assertThat(entries.get(1).blobId()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
            assertThat(entries.get(0).skip().value()).isEqualTo("symlink");
            assertThat(entries.get(1).skip().value()).isEqualTo("submodule");
        }
    }

    @Test
    void aMissingBlobOrTreeIsAnErrorEntryAndTheListingGoesOn() throws Exception {
        try (GitFixture g = GitFixture.init(tmp.resolve("missing"))) {
            ObjectId c = g.commit("main", "2024-05-01T10:00:00Z",
                    Map.of("a.py", "a = 1\n", "gone.py", "gone = 1\n", "pkg/inner.py", "i = 1\n", "z.py", "z\n"));
            ObjectId gone = g.blobId("gone = 1\n");
            Files.delete(looseObject(g.repo, gone));
            ObjectId pkgTree;
            try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(g.repo, "pkg",
                    g.repo.parseCommit(c).getTree())) {
                pkgTree = tw.getObjectId(0);
            }
            Files.delete(looseObject(g.repo, pkgTree));
            List<FileEntry> entries = TreeLister.list(g.repo, c);
            assertThat(describe(entries)).containsExactly(
                    "a.py python 6",
                    "gone.py python missing_object",
                    "pkg/ null missing_object",
                    "z.py python 2");
            assertThat(entries.get(1).message()).isEqualTo("blob " + gone.name() + " is missing");
            assertThat(entries.get(2).blobId()).isEqualTo(pkgTree.name());
            assertThatThrownBy(() -> TreeLister.list(g.repo, ObjectId.fromString(
                    "00000000000000000000000000000000000000aa")))
                    .isInstanceOfSatisfying(GitInputException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_OBJECT);
                        assertThat(e.stage()).isEqualTo(Stage.LIST);
                    });
        }
    }

    @Test
    void aForkSharesBlobIdsWithItsOrigin() throws Exception {
        try (GitFixture origin = GitFixture.init(tmp.resolve("origin"))) {
            ObjectId base = origin.commit("main", "2024-05-01T10:00:00Z",
                    Map.of("lib/core.py", "import trio\n", "pyproject.toml", "[project]\n"));
            try (GitFixture fork = GitFixture.wrap(tmp.resolve("fork"), Git.cloneRepository()
                    .setURI(origin.dir.toUri().toString()).setDirectory(tmp.resolve("fork").toFile()).call())) {
                ObjectId forked = fork.commit("main", "2024-05-03T10:00:00Z", Map.of("lib/core.py", "import trio\n",
                        "pyproject.toml", "[project]\n", "lib/extra.py", "import anyio\n"), base);
                ObjectId moved = origin.commit("main", "2024-05-04T10:00:00Z", Map.of("lib/core.py", "import trio\n",
                        "pyproject.toml", "[project]\nname='o'\n"), base);
                Map<String, String> o = byPath(TreeLister.list(origin.repo, moved));
                Map<String, String> f = byPath(TreeLister.list(fork.repo, forked));
                assertThat(f.get("lib/core.py")).isEqualTo(o.get("lib/core.py"))
                        .isEqualTo(origin.blobId("import trio\n").name());
                assertThat(f.get("pyproject.toml")).isNotEqualTo(o.get("pyproject.toml"));
                assertThat(f).containsKey("lib/extra.py");
                assertThat(o).doesNotContainKey("lib/extra.py");
                assertThat(History.of(fork.repo, null).firstParentCommits()).containsExactly(base, forked);
            }
        }
    }

    private static Map<String, String> byPath(List<FileEntry> entries) {
        return entries.stream().collect(Collectors.toMap(FileEntry::path, FileEntry::blobId));
    }

    static Path looseObject(Repository repo, ObjectId id) {
        return GitFixture.looseObject(repo, id);
    }
}
