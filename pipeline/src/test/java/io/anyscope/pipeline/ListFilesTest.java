package io.anyscope.pipeline;

import io.anyscope.git.GitFixture;
import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * ListFiles' contract: a files row per tracked file of each commit, one blob task per distinct (blob, parser) of a
 * bucket with its smallest path, and an errors row for what is not read (a symlink is noted, not followed).
 */
class ListFilesTest {
    static final String A1 = "import asyncio\n";
    static final String A2 = "import anyio\n";
    static final String REQS = "trio>=0.22\n";

    @TempDir
    Path tmp;

    @Test
    void filesRowsPerCommitAndOneBlobTaskPerDistinctBlob() throws Throwable {
        Path dir = tmp.resolve("repo");
        ObjectId c1;
        ObjectId c2;
        try (GitFixture g = GitFixture.init(dir)) {
            c1 = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", A1, "lib/b.py", A1,
                    "requirements.txt", REQS, "README.md", "# not tracked\n", "link.py", GitFixture.symlink("a.py")));
            c2 = g.commit("main", "2026-03-09T10:00:00Z", Map.of("a.py", A2, "lib/b.py", A1,
                    "requirements.txt", REQS), c1);
        }
        RepoSpec repo = new RepoSpec(dir.toString(), "repo", null);
        List<CommitTask> tasks = List.of(new CommitTask(repo, repo.repoId(), c1.name(), 0, 2),
                new CommitTask(repo, repo.repoId(), c2.name(), 1, 2));
        String a1 = GitFixture.blobId(A1).name();
        String a2 = GitFixture.blobId(A2).name();
        String reqs = GitFixture.blobId(REQS).name();

        TestPipeline p = StagePipeline.create(tmp);
        StagePipeline.run(p, getClass(), pipeline -> {
            PCollectionTuple out = pipeline.apply(Create.of(tasks).withCoder(CommitTask.coder()))
                    .apply(new ListFiles(1, false));
            PAssert.that(out.get(ListFiles.FILES).apply("FileRows", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("commit_id") + " " + r.get("path") + " " + r.get("blob_id") + " "
                            + r.get("parser")))).containsInAnyOrder(
                    c1.name() + " a.py " + a1 + " python",
                    c1.name() + " lib/b.py " + a1 + " python",
                    c1.name() + " requirements.txt " + reqs + " requirements",
                    c2.name() + " a.py " + a2 + " python",
                    c2.name() + " lib/b.py " + a1 + " python",
                    c2.name() + " requirements.txt " + reqs + " requirements");
            // One bucket: each (blob, parser) once, keyed by it, with its smallest path.
            PAssert.that(out.get(ListFiles.BLOB_TASKS).apply("BlobTasks", MapElements.into(TypeDescriptors.strings())
                    .via(kv -> kv.getKey() + " " + kv.getValue().path()))).containsInAnyOrder(
                    a1 + "|python a.py", a2 + "|python a.py", reqs + "|requirements requirements.txt");
            PAssert.that(out.get(Problem.ERRORS).apply("Errors", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("stage") + " " + r.get("kind") + " " + r.get("path") + " " + r.get("snapshot"))))
                    .containsInAnyOrder("list symlink link.py " + c1.name());
        });
    }
}
