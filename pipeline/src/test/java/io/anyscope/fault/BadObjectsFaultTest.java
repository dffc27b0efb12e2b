package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.anyscope.fault.FaultAssertions.assertErrorRow;
import static io.anyscope.fault.FaultAssertions.assertKept;
import static io.anyscope.fault.FaultAssertions.assertLineAbout;
import static io.anyscope.fault.FaultAssertions.assertOneLine;
import static io.anyscope.fault.FaultAssertions.rowsKept;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged repositories: a corrupt pack, a missing blob, a missing tree at HEAD, a missing tip commit. Each is scanned
 * next to the healthy repository into a DATA that already holds a good scan: exit 1, an errors row naming the stage,
 * kind and path, one stderr line naming the repository and path, the healthy repository's data complete and the
 * rows committed before kept.
 */
class BadObjectsFaultTest {
    @TempDir
    static Path shared;
    static Path healthy;
    static Path good;

    @TempDir
    Path tmp;

    @BeforeAll
    static void goodScan() {
        healthy = Healthy.create(shared.resolve(Healthy.NAME));
        good = FaultData.goodScan(shared.resolve("good"), shared.resolve("cache"), healthy);
    }

    /** Scans the healthy repository and {@code bad} into a copy of the good DATA; checks what every case checks. */
    private FaultRun scanAfterGood(Path bad, Path data) throws Exception {
        FaultData.copy(good, data);
        Map<String, List<String>> before = rowsKept(data);
        FaultRun run = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, bad));
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.PARTIAL);
        Healthy.assertComplete(data);
        assertKept(data, before);
        return run;
    }

    @Test
    void aCorruptPack() throws Exception {
        // The zlib stream of the only Python blob is damaged inside the pack; the commit and trees are intact.
        Path repo = tmp.resolve("packed");
        String body = "import asyncio\n" + "asyncio.get_event_loop()\n".repeat(200);
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", body, "README", "packed\n"));
            g.git.gc().setAggressive(false).call();
        }
        Path pack;
        try (Stream<Path> s = Files.walk(repo.resolve(".git/objects/pack"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        long offset;
        Path idx = Path.of(pack.toString().replaceAll("\\.pack$", ".idx"));
        offset = PackIndex.open(idx.toFile()).findOffset(GitFixture.blobId(body));
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(offset + 4); // past the object header: into the deflated data
            f.write(new byte[16]);
        }
        Path data = tmp.resolve("data");
        FaultRun run = scanAfterGood(repo, data);
        assertErrorRow(data, "packed", "a.py", "read", "corrupt");
        assertThat(assertLineAbout(run, "packed", "a.py")).contains("damaged pack");
        // JGit still logs its own multi-line warning about the pack today: the single stderr line for this case is
        // helper "ops"' item (library logging), asserted there.
    }

    @Test
    void aMissingBlob() throws Exception {
        Path repo = tmp.resolve("holes");
        try (GitFixture g = GitFixture.init(repo)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("gone.py", "import trio\n",
                    "kept.py", "import trio\ntrio.run(main)\n"));
            Files.delete(GitFixture.looseObject(g.repo, GitFixture.blobId("import trio\n")));
        }
        Path data = tmp.resolve("data");
        FaultRun run = scanAfterGood(repo, data);
        assertErrorRow(data, "holes", "gone.py", "list", "missing_object");
        assertOneLine(run, "holes", "gone.py");
    }

    @Test
    void aMissingTreeAtHead() throws Exception {
        Path repo = tmp.resolve("treeless");
        ObjectId tip;
        ObjectId tree;
        try (GitFixture g = GitFixture.init(repo)) {
            tip = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import trio\n"));
            tree = g.repo.parseCommit(tip).getTree();
            Files.delete(GitFixture.looseObject(g.repo, tree));
        }
        Path data = tmp.resolve("data");
        FaultRun run = scanAfterGood(repo, data);
        // Two stages lose data: the snapshot's listing and the commit's changes; each says so once, without a path.
        assertThat(FaultAssertions.errorRows(data, "treeless", null)).containsExactly("changes missing_object",
                "list missing_object");
        assertThat(run.errLines()).filteredOn(l -> l.startsWith("anyscope: treeless: "))
                .containsExactlyInAnyOrder(
                        "anyscope: treeless: commit " + tip.name() + ": tree " + tree.name() + " is missing",
                        "anyscope: treeless: root tree " + tree.name() + " of commit " + tip.name() + " is missing");
        FaultAssertions.assertNoStackTrace(run.err());
    }

    @Test
    void aMissingTipCommit() throws Exception {
        Path repo = tmp.resolve("tipless");
        ObjectId tip;
        try (GitFixture g = GitFixture.init(repo)) {
            ObjectId first = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import trio\n"));
            tip = g.commit("main", "2026-03-03T10:00:00Z", Map.of("a.py", "import anyio\n"), first);
            Files.delete(GitFixture.looseObject(g.repo, tip));
        }
        Path data = tmp.resolve("data");
        FaultRun run = scanAfterGood(repo, data);
        assertErrorRow(data, "tipless", null, "history", "missing_object");
        assertThat(assertOneLine(run, repo.toString(), null)).contains("tipless", "tip of HEAD is missing",
                tip.name());
        // The repository keeps no snapshot of its own, and is marked failed.
        assertThat(ParquetRows.rows(data, "SELECT status FROM repos WHERE name = 'tipless'"))
                .containsExactly("failed");
    }
}
