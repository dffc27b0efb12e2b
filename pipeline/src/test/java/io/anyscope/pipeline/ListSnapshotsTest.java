package io.anyscope.pipeline;

import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.coders.SerializableCoder;
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
import java.util.Set;

/**
 * ListSnapshots' contract: per repository its repos row and snapshots rows, the snapshot commits not listed before,
 * and the changes coverage its change tasks will give (reported as output, before the tasks); a repository that
 * cannot be opened is a failed repos row and an errors row, with no tasks and no coverage.
 */
class ListSnapshotsTest {
    @TempDir
    Path tmp;

    @Test
    void snapshotsNewCommitsAndChangesCoverage() throws Throwable {
        Path dir = tmp.resolve("repo");
        ObjectId c1;
        ObjectId c2;
        try (GitFixture g = GitFixture.init(dir)) {
            c1 = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\n"));
            c2 = g.commit("main", "2026-03-10T10:00:00Z", Map.of("a.py", "import anyio\n"), c1);
        }
        RepoSpec repo = new RepoSpec(dir.toString(), "repo", null);
        RepoSpec missing = new RepoSpec(tmp.resolve("missing").toString(), "missing", null);
        // c1 was listed by an earlier run: only c2 is a commit to list.
        DataSet.Known known = new DataSet.Known(Map.of(), Map.of(repo.repoId(), Set.of(c1.name())), List.of(),
                Map.of());

        TestPipeline p = StagePipeline.create(tmp);
        p.getOptions().as(ScanOptions.class).setHistory(History.Mode.WEEKLY);
        StagePipeline.run(p, getClass(), pipeline -> {
            PCollectionTuple out = pipeline.apply(Create.of(repo, missing)
                            .withCoder(SerializableCoder.of(RepoSpec.class)))
                    .apply(new ListSnapshots(known));
            PAssert.that(out.get(ListSnapshots.REPOS).apply("Repos", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("name") + " " + r.get("status")))).containsInAnyOrder("repo ok", "missing failed");
            PAssert.that(out.get(ListSnapshots.SNAPSHOTS).apply("Snapshots", MapElements
                    .into(TypeDescriptors.strings()).via(r -> r.get("label") + " " + r.get("commit_id"))))
                    .containsInAnyOrder("2026-W10 " + c1.name(), "2026-W11 " + c2.name());
            PAssert.that(out.get(ListSnapshots.COMMITS).apply("Commits", MapElements.into(TypeDescriptors.strings())
                    .via(t -> t.commitId() + " " + t.order() + "/" + t.of()))).containsInAnyOrder(c2.name() + " 0/1");
            PAssert.that(out.get(ChangeCoverage.REPORTS).apply("Coverage", MapElements
                    .into(TypeDescriptors.strings()).via(r -> r.get("repo_id") + " " + r.get("from") + ".."
                            + r.get("to") + " reset " + r.get("reset") + " failed " + r.get("failed"))))
                    .containsInAnyOrder(repo.repoId() + " " + c1.name() + ".." + c2.name() + " reset true failed false");
            PAssert.that(out.get(Problem.ERRORS).apply("Errors", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("repo") + " " + r.get("stage") + " " + r.get("kind"))))
                    .containsInAnyOrder("missing open missing_repo");
        });
    }
}
