package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.data.Tables;
import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration debris through the whole scan: a bulk search-and-replace commit leaves missing AnyIO names and unbound
 * asyncio names, which mart_site_status calls 'broken' with the tier of the entry they came from; a runtime patch of
 * anyio makes its name exist in that snapshot and is no site.
 */
class DebrisStatusTest {
    @TempDir
    Path tmp;

    private Path repo() {
        Path dir = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(dir)) {
            ObjectId c1 = g.commit("main", "2026-03-02T10:00:00Z", Map.of(
                    "svc/worker.py", """
                            import asyncio

                            async def run(job):
                                await asyncio.sleep(1)
                                task = asyncio.create_task(job())
                                return asyncio.StreamReader
                            """));
            // sed 's/asyncio/anyio/' on the first two lines only, plus a compat module patching anyio
            g.commit("main", "2026-03-09T10:00:00Z", Map.of(
                    "svc/worker.py", """
                            import anyio

                            async def run(job):
                                await anyio.sleep(1)
                                task = anyio.create_task(job())
                                loop = asyncio.get_event_loop()
                                return anyio.StreamReader
                            """,
                    "svc/compat.py", """
                            import anyio
                            anyio.StreamReader = object
                            """), c1);
        }
        return dir;
    }

    private Scan.Outcome scan(Path data, Path repo) throws Exception {
        return Scan.run(List.of(new RepoSpec(repo.toString(), "svc", null)), data,
                TestScans.options(History.Mode.WEEKLY, tmp.resolve("cache"), 1 << 20, "test"),
                new PrintWriter(new StringWriter()));
    }

    private static List<String> sql(Path data, String query) {
        CommandRun r = CommandRun.of("sql", "--data", data.toString(), "--format", "csv", query);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().lines().skip(1).toList();
    }

    @Test
    void brokenAndUnboundSitesHaveTheirOwnStatusAndTheTierOfTheirOrigin() throws Exception {
        Path data = tmp.resolve("data");
        scan(data, repo());
        assertThat(sql(data, "SELECT label, path, line, kind, symbol, status, tier, missing_name, patched, rule_id "
                + "FROM mart_site_status WHERE label = '2026-W11' ORDER BY path, line, col")).containsExactly(
                "2026-W11,svc/compat.py,1,import,anyio,target,none,false,false,anyio",
                "2026-W11,svc/worker.py,1,import,anyio,target,none,false,false,anyio",
                "2026-W11,svc/worker.py,4,call,anyio.sleep,target,none,false,false,anyio.sleep",
                "2026-W11,svc/worker.py,5,call,anyio.create_task,broken,structural,true,false,asyncio.create_task",
                "2026-W11,svc/worker.py,6,unbound,asyncio.get_event_loop,broken,manual,false,false,"
                        + "asyncio.get_event_loop",
                "2026-W11,svc/worker.py,7,access,anyio.StreamReader,target,none,true,true,asyncio.StreamReader");
        // the patch is a fact, not a site
        assertThat(sql(data, "SELECT path, line, kind, symbol FROM mart_usages_snapshot WHERE kind = 'patch'"))
                .containsExactly("svc/compat.py,2,patch,anyio.StreamReader");
        assertThat(sql(data, "SELECT label, count(*) FILTER (WHERE status = 'broken') FROM mart_site_status "
                + "GROUP BY ALL ORDER BY 1")).containsExactly("2026-W10,0", "2026-W11,2");
    }

    @Test
    void usagesWrittenBeforeMissingNameReadAsFalse() throws Exception {
        Path data = tmp.resolve("data");
        scan(data, repo());
        OlderDataSets.dropColumn(data, Tables.USAGES, "missing_name");
        assertThat(sql(data, "SELECT count(*), count(*) FILTER (WHERE missing_name) FROM stg_usages"))
                .containsExactly("11,0");
        // only the unbound fact is still broken
        assertThat(sql(data, "SELECT symbol FROM mart_site_status WHERE status = 'broken' AND is_head_snapshot"))
                .containsExactly("asyncio.get_event_loop");
    }
}
