package io.anyscope.pipeline;

import io.anyscope.analytics.Table;
import io.anyscope.analytics.Warehouse;
import io.anyscope.data.Tables;
import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data set written before usages stored their numbers (usages.fact_no, usages.blob_occurrence) reads the same:
 * mart_blob_usages numbers its facts by the definition the scan stores them by (anyscope_fact_numbers), so every
 * site keeps its status and its identity.
 */
class UsageNumbersCompatibilityTest {
    private static final String MARTS = "anyscope.marts";

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(MARTS);
    }

    @Test
    void usagesWithoutStoredNumbersAreNumberedAsTheScanNumbersThem() throws Exception {
        Path repo = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(repo)) {
            ObjectId c1 = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", """
                    import asyncio
                    async def f():
                        await asyncio.sleep(1)
                        await asyncio.sleep(1)
                        asyncio.create_task(f())
                    """));
            g.commit("main", "2026-03-09T10:00:00Z", Map.of("a.py", """
                    import anyio
                    import asyncio
                    async def f():
                        await anyio.sleep(1)
                        await asyncio.sleep(1)
                        await anyio.sleep(1)
                    """), c1);
        }
        Path data = tmp.resolve("data");
        Scan.run(List.of(new RepoSpec(repo.toString(), "svc", null)), data,
                TestScans.options(History.Mode.WEEKLY, tmp.resolve("cache"), 1 << 20, "test"),
                new PrintWriter(new StringWriter()));
        String numbers = "SELECT blob_id, fact_no, blob_occurrence, line, col, kind, symbol FROM mart_blob_usages "
                + "ORDER BY ALL";
        String sites = "SELECT label, path, line, kind, symbol, status, site_key FROM mart_site_status ORDER BY ALL";
        List<String> storedNumbers = rows(data, numbers);
        List<String> storedSites = rows(data, sites);
        assertThat(rows(data, "SELECT count(*) FROM stg_usages WHERE fact_no IS NULL")).containsExactly("0");
        assertThat(storedSites).hasSize(9)
                .anyMatch(r -> r.contains("asyncio.sleep") && r.endsWith("\u001f2"))   // the second of two equal lines
                .anyMatch(r -> r.contains("anyio.sleep") && r.endsWith("\u001f2"));

        OlderDataSets.dropColumn(data, Tables.USAGES, "fact_no", "blob_occurrence");
        assertThat(rows(data, "SELECT count(*), count(fact_no), count(blob_occurrence) FROM stg_usages"))
                .containsExactly("9 0 0");
        assertThat(rows(data, numbers)).containsExactlyElementsOf(storedNumbers);
        assertThat(rows(data, sites)).containsExactlyElementsOf(storedSites);
    }

    /** The rows of a query over the views, computed from the Parquet files (no materialised marts). */
    private static List<String> rows(Path data, String sql) throws Exception {
        System.setProperty(MARTS, "off");
        try (Warehouse w = Warehouse.open(data)) {
            Table t = w.query(sql);
            return t.rows().stream().map(r -> String.join(" ", r.stream().map(Table::text).toList())).toList();
        }
    }
}
