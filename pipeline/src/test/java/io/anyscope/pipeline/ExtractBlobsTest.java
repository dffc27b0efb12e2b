package io.anyscope.pipeline;

import io.anyscope.extract.FileKinds;
import io.anyscope.git.GitFixture;
import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * ExtractBlobs' contract: a blobs row per task with its status, the facts of what was read, and an errors row per
 * problem: files over the cap and binary files are failures (no facts), syntax errors are noted beside the facts.
 */
class ExtractBlobsTest {
    static final String OK = "import asyncio\nasyncio.run(main())\n";
    static final String BROKEN = "import trio\ndef f(:\n    trio.sleep(1)\n";
    static final String BIG = "import asyncio\n" + "x = 1\n".repeat(400);

    @TempDir
    Path tmp;

    @Test
    void statusFactsAndProblemsOfEachBlob() throws Throwable {
        Path dir = tmp.resolve("repo");
        byte[] binary = {'i', 'm', 0, 0, 1, 2};
        try (GitFixture g = GitFixture.init(dir)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("ok.py", OK, "broken.py", BROKEN, "big.py", BIG,
                    "bin.py", GitFixture.bytes(binary)));
        }
        RepoSpec repo = new RepoSpec(dir.toString(), "repo", null);
        String ok = GitFixture.blobId(OK).name();
        String broken = GitFixture.blobId(BROKEN).name();
        String big = GitFixture.blobId(BIG).name();
        String bin = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, binary).name();
        List<BlobTask> tasks = List.of(task(repo, ok, "ok.py"), task(repo, broken, "broken.py"),
                task(repo, big, "big.py"), task(repo, bin, "bin.py"));

        TestPipeline p = StagePipeline.create(tmp);
        p.getOptions().as(ScanOptions.class).setMaxFileBytes(1000);
        StagePipeline.run(p, getClass(), pipeline -> {
            PCollectionTuple out = pipeline.apply(Create.of(tasks).withCoder(BlobTask.coder()))
                    .apply(new ExtractBlobs());
            PAssert.that(out.get(ExtractBlobs.BLOBS).apply("Blobs", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("blob_id") + " " + r.get("status")))).containsInAnyOrder(
                    ok + " ok", broken + " ok", big + " too_large", bin + " binary");
            PAssert.that(out.get(ExtractBlobs.USAGES).apply("Symbols", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("blob_id") + " " + r.get("symbol")))).containsInAnyOrder(
                    ok + " asyncio", ok + " asyncio.run", broken + " trio", broken + " trio.sleep");
            PAssert.that(out.get(Problem.ERRORS).apply("Errors", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("stage") + " " + r.get("kind") + " " + r.get("path") + " " + r.get("repo"))))
                    .containsInAnyOrder("read too_large big.py repo", "read binary bin.py repo",
                            "extract syntax broken.py repo");
        });
    }

    private static BlobTask task(RepoSpec repo, String blobId, String path) {
        return new BlobTask(repo, repo.repoId(), blobId, path, FileKinds.PYTHON, 0);
    }
}
