package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.extract.FileKinds;
import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * DistinctBlobs' contract: whatever the buckets, snapshots, paths and forks a (blob, parser) came from, one task
 * leaves, with the smallest (repository, path); one an earlier run extracted with the same extraction version does
 * not; the same blob under another parser is other work.
 */
class DistinctBlobsTest {
    @TempDir
    Path tmp;

    @Test
    void oneTaskPerBlobAndParserWithTheSmallestRepositoryAndPathExceptKnownOnes() throws Throwable {
        RepoSpec fork = new RepoSpec(tmp.resolve("fork").toString(), "fork", null);
        RepoSpec main = new RepoSpec(tmp.resolve("main").toString(), "main", null);
        String x = "1".repeat(40);
        String y = "2".repeat(40);
        String known = "3".repeat(40);
        List<BlobTask> tasks = List.of(
                new BlobTask(fork, "repo-b", x, "a.py", FileKinds.PYTHON, 10),
                new BlobTask(main, "repo-a", x, "z/x.py", FileKinds.PYTHON, 10),
                new BlobTask(main, "repo-a", x, "src/x.py", FileKinds.PYTHON, 10),
                new BlobTask(main, "repo-a", y, "requirements.txt", "requirements", 5),
                new BlobTask(main, "repo-a", y, "y.py", FileKinds.PYTHON, 5),
                new BlobTask(main, "repo-a", known, "old.py", FileKinds.PYTHON, 7));
        Path blobs = tmp.resolve("current").resolve(Tables.BLOBS).resolve("part-0.parquet");
        ParquetFiles.write(blobs, Tables.schema(Tables.BLOBS),
                List.of(Rows.blob(known, FileKinds.PYTHON, "ok", null, 7, "c1", null)));
        DataSet.Known before = new DataSet.Known(Map.of(), Map.of(), List.of(blobs), Map.of());

        TestPipeline p = StagePipeline.create(tmp);
        StagePipeline.run(p, getClass(), pipeline -> {
            // As ListFiles emits them: keyed by (blob, parser), the same key from several of its buckets.
            List<KV<String, BlobTask>> keyed = tasks.stream().map(t -> KV.of(t.key(), t)).toList();
            PAssert.that(pipeline.apply(Create.of(keyed).withCoder(KvCoder.of(StringUtf8Coder.of(),
                            BlobTask.coder())))
                    .apply(new DistinctBlobs(before, 4))
                    .apply(MapElements.into(TypeDescriptors.strings())
                            .via(t -> t.blobId() + " " + t.parser() + " " + t.repoId() + " " + t.path())))
                    .containsInAnyOrder(
                            x + " python repo-a src/x.py",
                            y + " requirements repo-a requirements.txt",
                            y + " python repo-a y.py");
        });
    }
}
