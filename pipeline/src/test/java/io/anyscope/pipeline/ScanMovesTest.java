package io.anyscope.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anyscope.analytics.SqlDataTests;
import io.anyscope.analytics.Warehouse;
import io.anyscope.data.Generation;
import io.anyscope.data.Tables;
import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moves are not regressions: rename and copy detection in the changes table, and the marts that follow files across
 * it (regressions, churn, per-file deltas), on real repositories through the real pipeline.
 *
 * <p>The repository {@code moves} (ISO weeks of 2026):
 * <pre>
 * m1  W02 Mon 01-05  root: pkg/mod000.py .. pkg/mod299.py (one legacy site and an import each), svc/worker.py
 * m2  W03 Tue 01-13  git mv pkg archive/pkg: 300 exact renames, nothing else              (0 regressions)
 * m3  W04 Tue 01-20  svc/worker.py renamed to svc/jobs/worker.py with one new create_task  (1 regression)
 * m4  W05 Tue 01-27  archive/pkg/mod007.py edited (a comment) and copied, as it was, to legacy/mod007.py (a copy)
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanMovesTest {
    static final int N = 300;
    static final String WORKER = """
            import asyncio


            async def job():
                await asyncio.sleep(1)


            async def serve(queue):
                while True:
                    item = await queue.get()
                    if item is None:
                        break
                    await asyncio.wait_for(handle(item), 5)


            async def handle(item):
                return item
            """;
    static final String WORKER2 = WORKER + """


            def spawn():
                return asyncio.create_task(job())
            """;

    @TempDir
    static Path tmp;
    Path repo;
    ObjectId m1;
    ObjectId m2;
    ObjectId m3;
    ObjectId m4;

    static String module(int i) {
        return "import asyncio\n\n\nasync def f" + i + "():\n    await asyncio.sleep(" + i + ")\n";
    }

    static String name(int i) {
        return String.format("mod%03d.py", i);
    }

    @BeforeAll
    void repository() {
        repo = tmp.resolve("moves");
        try (GitFixture g = GitFixture.init(repo)) {
            Map<String, Object> tree = new LinkedHashMap<>();
            for (int i = 0; i < N; i++) {
                tree.put("pkg/" + name(i), module(i));
            }
            tree.put("svc/worker.py", WORKER);
            m1 = g.commit("main", "2026-01-05T10:00:00Z", tree);
            Map<String, Object> moved = new LinkedHashMap<>();
            for (int i = 0; i < N; i++) {
                moved.put("archive/pkg/" + name(i), module(i));
            }
            moved.put("svc/worker.py", WORKER);
            m2 = g.commit("main", "2026-01-13T10:00:00Z", moved, m1);
            moved.remove("svc/worker.py");
            moved.put("svc/jobs/worker.py", WORKER2);
            m3 = g.commit("main", "2026-01-20T10:00:00Z", moved, m2);
            moved.put("archive/pkg/" + name(7), module(7) + "# kept for the record\n");
            moved.put("legacy/" + name(7), module(7));
            m4 = g.commit("main", "2026-01-27T10:00:00Z", moved, m3);
        }
    }

    private Scan.Outcome scan(Path data, Path... repos) throws Exception {
        return scan("weekly", data, repos);
    }

    private Scan.Outcome scan(String history, Path data, Path... repos) throws Exception {
        ScanOptions o = TestScans.options(History.Mode.parse(history), tmp.resolve("cache"), 5_000_000, "test");
        List<RepoSpec> specs = new ArrayList<>();
        for (Path r : repos) {
            specs.add(new RepoSpec(r.toString(), r.getFileName().toString(), "t"));
        }
        return Scan.run(specs, data, o, new PrintWriter(new StringWriter()));
    }

    @Test
    void aPureMoveOfHundredsOfFilesIsRenamesAndNoRegressionAndAMovePlusOneCreateTaskIsOne() throws Exception {
        Path data = tmp.resolve("data");
        Scan.Outcome o = scan(data, repo);
        assertThat(o.partial()).isFalse();
        // m2: 300 renames naming their old path, no delete or add.
        assertThat(ParquetRows.rows(data, "SELECT change, count(*), count(*) FILTER (WHERE old_path = "
                + "replace(path, 'archive/', '') AND old_blob_id = new_blob_id) FROM changes WHERE commit_id = '"
                + m2.name() + "' GROUP BY change")).containsExactly("rename 300 300");
        // m3: a content rename (similar, not the same blob); m4: the edit and the copy of the edited file's old blob.
        assertThat(ParquetRows.rows(data, "SELECT path, change, coalesce(old_path, '-'), old_blob_id = new_blob_id "
                + "FROM changes WHERE commit_id IN ('" + m3.name() + "', '" + m4.name() + "') ORDER BY seq, path"))
                .containsExactly("svc/jobs/worker.py rename svc/worker.py false",
                        "archive/pkg/mod007.py modify - false",
                        "legacy/mod007.py copy archive/pkg/mod007.py true");
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT week, path, symbol, trim(source_line), commit_id, attributed_by "
                    + "FROM mart_regressions ORDER BY week, path, line").rows())
                    .containsExactly(List.of("2026-W04", "svc/jobs/worker.py", "asyncio.create_task",
                            "return asyncio.create_task(job())", m3.name(), "change"));
            // archive/ is path class archived, which reports do not count by default: the move takes the 300 modules'
            // sites (an import and an asyncio.sleep each) out of the counts, and adds no regression.
            assertThat(w.query("SELECT week, count(*), sum(legacy_delta) FROM mart_file_deltas "
                    + "WHERE week = '2026-W03' GROUP BY week").rows())
                    .containsExactly(List.of("2026-W03", (long) N + 1, (long) -2 * N));
            // Counting every path class, the files are followed: the move week is all zeros, the worker's W04 delta
            // is its one new site, the copy adds nothing new. Counts are mart_file_sites' (imports too, as in progress).
            w.set("anyscope_path_classes", String.join(",", io.anyscope.catalog.PathClasses.loadDefault().classIds()));
            assertThat(w.query("SELECT week, path, symbol, trim(source_line), commit_id, attributed_by "
                    + "FROM mart_regressions ORDER BY week, path, line").rows())
                    .containsExactly(List.of("2026-W04", "svc/jobs/worker.py", "asyncio.create_task",
                            "return asyncio.create_task(job())", m3.name(), "change"));
            assertThat(w.query("SELECT week, count(*), sum(legacy_delta), count(*) FILTER (WHERE moved_by = 'rename') "
                    + "FROM mart_file_deltas WHERE week > '2026-W02' GROUP BY week ORDER BY week").rows())
                    .containsExactly(List.of("2026-W03", (long) N + 1, 0L, (long) N),
                            List.of("2026-W04", (long) N + 1, 1L, 1L),
                            List.of("2026-W05", (long) N + 2, 0L, 0L));
            assertThat(w.query("SELECT path, previous_path, moved_by, legacy_sites, previous_legacy_sites, "
                    + "legacy_delta FROM mart_file_deltas WHERE week = '2026-W04' AND legacy_delta <> 0").rows())
                    .containsExactly(List.of("svc/jobs/worker.py", "svc/worker.py", "rename", 4L, 3L, 1L));
            assertThat(w.query("SELECT path, previous_path, moved_by, legacy_delta FROM mart_file_deltas "
                    + "WHERE week = '2026-W05' AND path LIKE '%007.py' ORDER BY path").rows())
                    .containsExactly(Arrays.asList("archive/pkg/mod007.py", "archive/pkg/mod007.py", null, 0L),
                            List.of("legacy/mod007.py", "archive/pkg/mod007.py", "copy", 0L));
            // What regressed most since W02, following files across both moves.
            assertThat(w.query("SELECT latest_path, sum(legacy_delta) FROM mart_file_deltas WHERE week > '2026-W02' "
                    + "GROUP BY ALL HAVING sum(legacy_delta) <> 0").rows())
                    .containsExactly(List.of("svc/jobs/worker.py", 1L));
            assertThat(w.query("SELECT DISTINCT latest_path FROM mart_file_deltas WHERE path = 'pkg/mod005.py'")
                    .rows()).containsExactly(List.of("archive/pkg/mod005.py"));
            // Churn follows the file: pkg/mod005.py's add and its rename are two changes of archive/pkg/mod005.py.
            assertThat(w.query("SELECT path, churn FROM mart_file_churn WHERE path LIKE '%mod005.py' OR "
                    + "path LIKE '%worker.py' OR path LIKE '%mod007.py' ORDER BY path").rows())
                    .containsExactly(List.of("archive/pkg/mod005.py", 2L), List.of("archive/pkg/mod007.py", 3L),
                            List.of("legacy/mod007.py", 1L), List.of("svc/jobs/worker.py", 2L));
        }
        assertThat(SqlDataTests.failing(data)).isEmpty();
    }

    /** The same history per commit (--history all): a move is no regression in any series kind, not only weeks. */
    @Test
    void movesAreNoRegressionsPerCommitEither() throws Exception {
        Path data = tmp.resolve("data-all");
        assertThat(scan("all", data, repo).partial()).isFalse();
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT period_kind, count(*) FROM mart_progress_repo_week GROUP BY ALL").rows())
                    .containsExactly(List.of("commit", 4L));
            assertThat(w.query("SELECT week, path, symbol FROM mart_regressions ORDER BY ALL").rows())
                    .containsExactly(List.of(m3.name(), "svc/jobs/worker.py", "asyncio.create_task"));
            // Counting every path class (archive/ is archived, not counted by default), the files are followed.
            w.set("anyscope_path_classes", String.join(",", io.anyscope.catalog.PathClasses.loadDefault().classIds()));
            assertThat(w.query("SELECT week, path, symbol FROM mart_regressions ORDER BY ALL").rows())
                    .containsExactly(List.of(m3.name(), "svc/jobs/worker.py", "asyncio.create_task"));
            assertThat(w.query("SELECT period, sum(legacy_delta), count(*) FILTER (WHERE moved_by = 'rename') "
                    + "FROM mart_file_deltas WHERE period_kind = 'commit' AND period <> '" + m1.name() + "' "
                    + "GROUP BY ALL ORDER BY min(period_start) NULLS LAST, 3 DESC").rows())
                    .containsExactlyInAnyOrder(List.of(m2.name(), 0L, (long) N), List.of(m3.name(), 1L, 1L),
                            List.of(m4.name(), 0L, 0L));
        }
        assertThat(SqlDataTests.failing(data)).isEmpty();
    }

    @Test
    void changesListedBeforeRenameDetectionAreListedAgainOnceAndKeptUntilThen() throws Exception {
        Path other = tmp.resolve("other");
        try (GitFixture g = GitFixture.init(other)) {
            ObjectId o1 = g.commit("main", "2026-01-05T10:00:00Z", Map.of("a.py", WORKER));
            g.commit("main", "2026-01-13T10:00:00Z", Map.of("b.py", WORKER), o1);
        }
        Path data = tmp.resolve("data-old");
        scan(data, repo, other);
        String moves = new RepoSpec(repo.toString(), "moves", "t").repoId();
        String otherId = new RepoSpec(other.toString(), "other", "t").repoId();
        oldFormat(data);
        // Read as it is: old_path NULL, a rename is a delete and an add.
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT count(*) FILTER (WHERE change = 'rename'), count(old_path), "
                    + "count(*) FILTER (WHERE change = 'delete') FROM stg_changes").rows())
                    .containsExactly(List.of(0L, 0L, (long) N + 2));
        }
        // A scan of one repository lists its changes again (all four commits), with renames; the other keeps its
        // old rows and coverage-less state until it is scanned.
        Scan.Outcome again = scan(data, repo);
        assertThat(again.get("change_commits")).isEqualTo(4);
        assertThat(ParquetRows.rows(data, "SELECT repo_id = '" + moves + "', change, count(*), count(old_path) "
                + "FROM changes GROUP BY ALL ORDER BY ALL")).containsExactly(
                "false add 2 0", "false delete 1 0",
                "true add " + (N + 1) + " 0", "true copy 1 1", "true modify 1 0", "true rename " + (N + 1) + " "
                        + (N + 1));
        var manifest = new DataSet(data).manifest();
        assertThat(manifest.path(DataSet.CHANGES_FORMAT).asInt()).isEqualTo(DataSet.CHANGES_FORMAT_VERSION);
        assertThat(manifest.path(DataSet.CHANGES_COVERAGE).has(moves)).isTrue();
        assertThat(manifest.path(DataSet.CHANGES_COVERAGE).has(otherId)).isFalse();
        assertThat(scan(data, repo).get("change_commits")).isZero();
        // Its next scan lists the other repository again too: b.py is a rename of a.py.
        assertThat(scan(data, other).get("change_commits")).isEqualTo(2);
        assertThat(ParquetRows.rows(data, "SELECT path, change, coalesce(old_path, '-') FROM changes WHERE repo_id = '"
                + otherId + "' ORDER BY seq, path")).containsExactly("a.py add -", "b.py rename a.py");
        assertThat(SqlDataTests.failing(data)).isEmpty();
    }

    /**
     * Rewrites the current generation as a version before rename detection wrote it: the changes table without
     * old_path (one file holding every repository's rows), a rename as a delete and an add, a copy as an add, and a
     * manifest without changes_format.
     */
    private static void oldFormat(Path data) throws Exception {
        Path gen = data.resolve("current").toRealPath();
        Schema now = Tables.schema(Tables.CHANGES);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : now.getFields()) {
            if (!f.name().equals("old_path")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema old = Schema.createRecord(now.getName(), now.getDoc(), now.getNamespace(), false, fields);
        List<GenericRecord> rows = new ArrayList<>();
        List<Path> files = Generation.parquetFiles(gen.resolve(Tables.CHANGES));
        for (Path p : files) {
            for (GenericRecord r : ParquetFiles.read(p, x -> true)) {
                String change = String.valueOf(r.get("change"));
                if (change.equals("rename")) {
                    GenericRecord del = copy(old, r);
                    del.put("path", String.valueOf(r.get("old_path")));
                    del.put("change", "delete");
                    del.put("new_blob_id", null);
                    rows.add(del);
                }
                GenericRecord o = copy(old, r);
                if (change.equals("rename") || change.equals("copy")) {
                    o.put("change", "add");
                    o.put("old_blob_id", null);
                }
                rows.add(o);
            }
            Files.delete(p); // a hard link: the file of the earlier generation stays
        }
        ParquetFiles.write(gen.resolve(Tables.CHANGES).resolve("part-old.parquet"), old, rows);
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(gen.resolve("manifest.json").toFile());
        m.remove(DataSet.CHANGES_FORMAT);
        json.writeValue(gen.resolve("manifest.json").toFile(), m);
    }

    private static GenericRecord copy(Schema schema, GenericRecord r) {
        GenericRecord n = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            n.put(f.name(), r.get(f.name()));
        }
        return n;
    }
}
