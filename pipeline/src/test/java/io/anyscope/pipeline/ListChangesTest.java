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
import java.util.Map;

/**
 * ListChanges' contract: the changes rows of each run of first-parent commits (newest first, with their position),
 * and for a run that could not be listed an errors row and a failed coverage report, which drops the repository's
 * coverage when the run commits.
 */
class ListChangesTest {
    @TempDir
    Path tmp;

    @Test
    void changesRowsAndAFailedReportForARunThatCannotBeListed() throws Throwable {
        Path dir = tmp.resolve("repo");
        ObjectId c1;
        ObjectId c2;
        try (GitFixture g = GitFixture.init(dir)) {
            c1 = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\n"));
            c2 = g.commit("main", "2026-03-10T10:00:00Z", Map.of("a.py", "import anyio\n", "b.py", "x = 1\n"), c1);
        }
        RepoSpec repo = new RepoSpec(dir.toString(), "repo", null);
        RepoSpec gone = new RepoSpec(tmp.resolve("gone").toString(), "gone", null);

        TestPipeline p = StagePipeline.create(tmp);
        StagePipeline.run(p, getClass(), pipeline -> {
            PCollectionTuple out = pipeline.apply(Create.of(new ChangeTask(repo, repo.repoId(), c2.name(), 1, 2, 0),
                            new ChangeTask(gone, gone.repoId(), c2.name(), 1, 2, 1)).withCoder(ChangeTask.coder()))
                    .apply(new ListChanges(4));
            PAssert.that(out.get(ListChanges.CHANGES).apply("Changes", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("seq") + " " + r.get("path") + " " + r.get("change")))).containsInAnyOrder(
                    "0 a.py add", "1 a.py modify", "1 b.py add");
            PAssert.that(out.get(Problem.ERRORS).apply("Errors", MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("repo") + " " + r.get("stage") + " " + r.get("kind"))))
                    .containsInAnyOrder("gone changes missing_repo");
            PAssert.that(out.get(ChangeCoverage.REPORTS).apply("Coverage", MapElements
                    .into(TypeDescriptors.strings()).via(r -> r.get("repo_id") + " failed " + r.get("failed"))))
                    .containsInAnyOrder(gone.repoId() + " failed true");
        });
    }
}
