package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Runs every src/sql/tests/*.sql (dbt style: each must return zero rows) against the fixture. */
class SqlDataTestsTest {
    @TestFactory
    Stream<DynamicTest> everySqlTestReturnsNoRowsOnTheFixture(@TempDir Path tmp) throws Exception {
        List<Path> tests = SqlDataTests.files();
        assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
        Warehouse w = Warehouse.open(AnalyticsFixture.write(tmp.resolve("DATA")));
        List<DynamicTest> out = new ArrayList<>();
        for (Path t : tests) {
            out.add(DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
                Table r = w.query(SqlDataTests.sql(t));
                assertThat(r.rows()).as(t + " returned rows " + r.rows()).isEmpty();
            }));
        }
        out.add(DynamicTest.dynamicTest("close", w::close));
        return out.stream();
    }

    @Test
    void aBlobMissingFromBlobsIsCaught(@TempDir Path tmp) throws Exception {
        // a3 (app/server.py at head) vanishes from blobs but its usages and file rows stay
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"),
                "DELETE FROM fx_files WHERE blob_id = 'a3';");
        // blobs are derived from fx_files: put the app/server.py rows back into files so that only blobs lacks a3
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
            Path files = data.resolve("current/files/part-0.parquet");
            Path tmpFile = data.resolve("files.tmp.parquet");
            s.execute("COPY (SELECT * FROM read_parquet('" + files + "') UNION ALL "
                    + "SELECT repo_id, commit_id, 'app/server.py', 'a3', size, parser FROM read_parquet('" + files + "') "
                    + "WHERE commit_id IN ('ca05','ca06','ca07') AND path = 'app/util.py') TO '" + tmpFile + "' (FORMAT parquet)");
            Files.move(tmpFile, files, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(SqlDataTests.failing(data).keySet()).contains("usages_join_blobs.sql", "files_join_blobs.sql");
    }

    @Test
    void aMissingOrMisplacedChangeIsCaught(@TempDir Path tmp) throws Exception {
        // Eve's change of app/server.py vanishes: W05's snapshot no longer replays from the changes, and its
        // regression falls back to the snapshot commit although alpha's changes reach back before W04.
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"), "DELETE FROM fx_changes WHERE commit_id = 'ca05a';");
        assertThat(SqlDataTests.failing(data).keySet()).contains("changes_match_files.sql", "regressions_attributed_to_changes.sql");
        // A commit after the head, a duplicate and a root that modifies.
        Path more = AnalyticsFixture.write(tmp.resolve("DATA2"),
                "INSERT INTO fx_changes SELECT * REPLACE ('cb08' AS commit_id, 'cb07' AS parent_id, 3 AS seq, "
                        + "TIMESTAMP '2026-02-20 10:00:00' AS author_time) FROM fx_changes WHERE commit_id = 'cb06'; "
                        + "INSERT INTO fx_changes SELECT * FROM fx_changes WHERE commit_id = 'ca04'; "
                        + "UPDATE fx_changes SET change = 'modify', old_blob_id = 'zz' WHERE commit_id = 'cb04' "
                        + "AND path = 'svc/main.py';");
        assertThat(SqlDataTests.failing(more).keySet()).contains("changes_first_parent.sql", "unique_changes.sql");
    }

    @Test
    void aGapInWeeklySnapshotsAndADuplicateLabelAreCaught(@TempDir Path tmp) throws Exception {
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"),
                "DELETE FROM fx_snapshots WHERE repo_id = 'bbbb000000000002' AND label = '2026-W05'; "
                        + "INSERT INTO fx_snapshots SELECT * FROM fx_snapshots WHERE label = 'head' AND repo_id = 'aaaa000000000001';");
        assertThat(SqlDataTests.failing(data).keySet()).contains("snapshot_weeks_contiguous.sql", "unique_snapshots.sql");
    }

    @Test
    void aSiteWithTwoTiersIsCaught(@TempDir Path tmp) throws Exception {
        // the old extractor's asyncio.get_event_loop().time(): the call (manual) and its method (mechanical) at one place
        Path data = AnalyticsFixture.write(tmp.resolve("DATA"),
                "INSERT INTO fx_usages SELECT * REPLACE ('method' AS kind, 'asyncio.AbstractEventLoop.time' AS symbol, "
                        + "'mechanical' AS effort) FROM fx_usages WHERE blob_id = 'a1' AND line = 20;");
        assertThat(SqlDataTests.failing(data).keySet()).containsExactly("one_tier_per_site.sql");
    }
}
