package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration mistakes weigh in the hotspot ranking like high-risk sites, through a real weekly scan: svc/a.py and
 * svc/b.py are the same half-migrated module, changed by the same two commits, except that a.py awaits start_soon()
 * (one error finding; both call asyncio.get_event_loop() under AnyIO, one warning each); svc/c.py has no legacy site and the same mistake; examples/d.py (path class example, not
 * counted) too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingHotspotsTest {
    static final String HEAD = "import asyncio\nimport anyio\n\n\nasync def job(n):\n    await anyio.sleep(n)\n\n\n"
            + "async def main():\n    loop = asyncio.get_event_loop()\n    async with anyio.create_task_group() as tg:\n";
    static final String WITH_MISTAKE = HEAD + "        await tg.start_soon(job, 1)\n";
    static final String WITHOUT = HEAD + "        tg.start_soon(job, 1)\n";
    static final String ONLY_MISTAKE = "import anyio\n\n\nasync def job(n):\n    await anyio.sleep(n)\n\n\n"
            + "async def main():\n    async with anyio.create_task_group() as tg:\n        await tg.start_soon(job, 1)\n";

    @TempDir
    static Path tmp;
    Path data;
    Path reports;

    @BeforeAll
    void scanAndReport() throws Exception {
        Path repo = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(repo)) {
            ObjectId c1 = g.commit("main", "2026-01-06T10:00:00Z", Map.of("svc/a.py", WITH_MISTAKE,
                    "svc/b.py", WITHOUT, "svc/c.py", ONLY_MISTAKE, "examples/d.py", ONLY_MISTAKE));
            g.commit("main", "2026-01-13T10:00:00Z", Map.of("svc/a.py", WITH_MISTAKE + "# v2\n",
                    "svc/b.py", WITHOUT + "# v2\n", "svc/c.py", ONLY_MISTAKE, "examples/d.py", ONLY_MISTAKE), c1);
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), repo + " svc payments\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--history",
                "weekly", "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "hotspots", "--data", data.toString(), "--out", reports.toString(),
                "--format", "md,csv");
    }

    @Test
    void aFileWithAFindingRanksAboveTheSameFileWithout() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            double high = ((Number) w.query("SELECT weight FROM ref_risk_weights WHERE dimension = 'risk' "
                    + "AND \"key\" = 'high'").get(0, "weight")).doubleValue();
            Table t = w.query("SELECT path, rank, legacy_sites, findings, base_score, churn, score, finding_rules "
                    + "FROM mart_hotspot_files ORDER BY rank, path");
            assertThat(t.rows()).extracting(r -> r.get(0)).containsExactly("svc/a.py", "svc/b.py", "svc/c.py");
            // both call asyncio.get_event_loop() inside main(), which runs an AnyIO task group: one
            // asyncio-api-under-anyio warning each; a.py has the await-start-soon error besides
            assertThat(t.rows().get(0).subList(1, 4)).containsExactly(1L, 2L, 2L);
            assertThat(t.rows().get(1).subList(1, 4)).containsExactly(2L, 2L, 1L);
            assertThat(t.rows().get(0).get(5)).isEqualTo(2L);
            assertThat(t.rows().get(1).get(5)).isEqualTo(2L);
            double a = ((Number) t.rows().get(0).get(4)).doubleValue();
            double b = ((Number) t.rows().get(1).get(4)).doubleValue();
            assertThat(a - b).isEqualTo(high);
            assertThat(((Number) t.rows().get(0).get(6)).doubleValue()).isEqualTo(2 * a);
            assertThat(t.rows().get(0).get(7)).isEqualTo("asyncio-api-under-anyio (1), await-start-soon (1)");
            assertThat(t.rows().get(1).get(7)).isEqualTo("asyncio-api-under-anyio (1)");
            // c.py: no legacy site, one finding, unchanged by the second commit (churn 1): it ranks on the finding
            assertThat(t.rows().get(2).subList(2, 7)).containsExactly(0L, 1L, high, 1L, high);
        }
    }

    @Test
    void theHotspotReportShowsFindingsPerFile() throws Exception {
        String md = Files.readString(reports.resolve("hotspots.md"));
        assertThat(md).contains("- **migration mistakes (in 3 files):** 4")
                .contains("- **files with legacy sites or findings:** 3")
                .contains("over migration mistakes (findings");
        List<String> csv = Files.readAllLines(reports.resolve("hotspot_files.csv"));
        assertThat(csv.get(0)).isEqualTo("rank,repo,path,score,base_score,churn,legacy_sites,findings,"
                + "top_categories,finding_rules,path_class,path_url");
        // path_url: the local working copy's file (no remote)
        assertThat(csv.get(1)).startsWith("1,svc,svc/a.py,").contains(",2,2,2,")
                .contains(",\"asyncio-api-under-anyio (1), await-start-soon (1)\",source,file:")
                .endsWith("/svc/a.py");
        assertThat(csv.get(3)).startsWith("3,svc,svc/c.py,").contains(",0,1,,await-start-soon (1),source,file:")
                .endsWith("/svc/c.py");
    }
}
