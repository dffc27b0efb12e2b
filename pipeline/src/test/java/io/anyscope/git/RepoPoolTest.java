package io.anyscope.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's repositories: readers are bounded, so a bundle over many repositories does not hold many caches. */
class RepoPoolTest {
    @TempDir
    Path tmp;

    @Test
    void readersAreBoundedAndAnEvictedOneIsMadeAgain() throws Exception {
        List<RepoSpec> specs = new ArrayList<>();
        List<ObjectId> blobs = new ArrayList<>();
        for (int i = 0; i < RepoPool.MAX_READERS + 2; i++) {
            Path dir = tmp.resolve("r" + i);
            String text = "import asyncio  # " + i + "\n";
            try (GitFixture g = GitFixture.init(dir)) {
                g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", text));
                blobs.add(g.blobId(text));
            }
            specs.add(new RepoSpec(dir.toString(), "r" + i, null));
        }
        try (RepoPool repos = new RepoPool(tmp.resolve("cache").toString())) {
            List<ObjectReader> first = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                ObjectReader r = repos.reader(specs.get(i));
                assertThat(repos.reader(specs.get(i))).as("the same reader while it is kept").isSameAs(r);
                first.add(r);
                assertThat(repos.openReaders()).isEqualTo(Math.min(i + 1, RepoPool.MAX_READERS));
            }
            // r0 was pushed out by the newer ones: a new reader is made, and it reads.
            ObjectReader again = repos.reader(specs.get(0));
            assertThat(again).isNotSameAs(first.get(0));
            assertThat(new String(again.open(blobs.get(0)).getBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("import asyncio  # 0\n");
            assertThat(repos.openReaders()).isEqualTo(RepoPool.MAX_READERS);
            repos.closeReaders();
            assertThat(repos.openReaders()).isZero();
        }
    }
}
