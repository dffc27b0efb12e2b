package io.anyscope.pipeline;

import io.anyscope.analytics.SqlDataTests;
import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project's own compatibility layer is the target library by proxy, on real repositories scanned through the CLI:
 * {@code pkg/aio.py} re-exports AnyIO's names, two files migrated onto it count as migrated, a legacy file and the
 * layer's own asyncio wrapper stay legacy, a name imported from a module that does not re-export it is no site; a
 * module that re-exports nothing resolves when the configuration declares it.
 */
class CompatLayerScanTest {
    @TempDir
    static Path tmp;
    static Path data;
    static CommandRun scan;

    @BeforeAll
    static void scanned() throws Exception {
        try (GitFixture g = GitFixture.init(tmp.resolve("svc"))) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of(
                    "pkg/__init__.py", "",
                    "pkg/aio.py", """
                            \"\"\"The project's compatibility layer: AnyIO's primitives under one roof.\"\"\"
                            import asyncio
                            from anyio import create_task_group, sleep
                            import anyio.abc
                            TaskGroup = anyio.abc.TaskGroup


                            def run_in_loop(coro):
                                return asyncio.get_event_loop().run_until_complete(coro)


                            __all__ = ["create_task_group", "sleep", "TaskGroup", "run_in_loop"]
                            """,
                    "pkg/worker.py", """
                            from pkg.aio import create_task_group, sleep

                            async def main():
                                async with create_task_group() as tg:
                                    tg.start_soon(sleep, 1)
                            """,
                    "pkg/jobs.py", """
                            from .aio import TaskGroup, sleep as nap

                            async def job(tg: TaskGroup):
                                await nap(0)
                            """,
                    "pkg/legacy.py", """
                            import asyncio

                            async def old():
                                await asyncio.sleep(1)
                            """,
                    "pkg/helpers.py", "class Event:\n    pass\n",
                    "pkg/util.py", "from pkg.helpers import Event\n\nready = Event()\n"));
        }
        try (GitFixture g = GitFixture.init(tmp.resolve("declared"))) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of(
                    "src/rollouts/__init__.py", "",
                    "src/rollouts/aio.py", """
                            import anyio

                            async def sleep(seconds):
                                await anyio.sleep(seconds)
                            """,
                    "src/rollouts/worker.py", """
                            from rollouts.aio import sleep

                            async def tick():
                                await sleep(1)
                            """));
        }
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, tmp.resolve("svc") + " svc core\n" + tmp.resolve("declared") + " declared core\n");
        data = tmp.resolve("data");
        scan = CommandRun.of("scan", "--repos", list.toString(), "--out", data.toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress");
    }

    private static List<String> sql(String query, String... options) {
        List<String> args = new ArrayList<>(List.of("sql", "--data", data.toString(), "--format", "csv"));
        args.addAll(List.of(options));
        args.add(query);
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().lines().skip(1).toList();
    }

    private static final String SITES = "SELECT path, line, kind, symbol, status, tier, coalesce(via_module, '-'), "
            + "coalesce(via_path, '-') FROM mart_usages_head WHERE repo = '%s' ORDER BY path, line, col, symbol";

    @Test
    void filesMigratedOntoTheLayerAreMigratedAndItsOwnLegacyUsesStayLegacy() {
        assertThat(scan.code()).as(scan.err()).isEqualTo(Main.OK);
        assertThat(sql(SITES.formatted("svc"))).containsExactly(
                "pkg/aio.py,2,import,asyncio,legacy,mechanical,-,-",
                "pkg/aio.py,3,import,anyio.create_task_group,target,none,-,-",
                "pkg/aio.py,3,import,anyio.sleep,target,none,-,-",
                "pkg/aio.py,4,import,anyio.abc,target,none,-,-",
                "pkg/aio.py,5,access,anyio.abc.TaskGroup,target,none,-,-",
                "pkg/aio.py,9,call,asyncio.get_event_loop,legacy,manual,-,-",
                "pkg/jobs.py,1,import,anyio.abc.TaskGroup,target,none,pkg.aio,pkg/aio.py",
                "pkg/jobs.py,1,import,anyio.sleep,target,none,pkg.aio,pkg/aio.py",
                "pkg/jobs.py,3,access,anyio.abc.TaskGroup,target,none,pkg.aio,pkg/aio.py",
                "pkg/jobs.py,4,call,anyio.sleep,target,none,pkg.aio,pkg/aio.py",
                "pkg/legacy.py,1,import,asyncio,legacy,mechanical,-,-",
                "pkg/legacy.py,4,call,asyncio.sleep,legacy,mechanical,-,-",
                "pkg/worker.py,1,import,anyio.create_task_group,target,none,pkg.aio,pkg/aio.py",
                "pkg/worker.py,1,import,anyio.sleep,target,none,pkg.aio,pkg/aio.py",
                "pkg/worker.py,4,call,anyio.create_task_group,target,none,pkg.aio,pkg/aio.py",
                "pkg/worker.py,5,access,anyio.sleep,target,none,pkg.aio,pkg/aio.py");
        // direct references: 5 through anyio (1 in the layer, 4 via it), 2 legacy: 5 / 7
        assertThat(sql("SELECT repo, anyio_refs, legacy_refs, round(pct_migrated, 2) FROM mart_scope_repo "
                + "WHERE repo = 'svc'")).containsExactly("svc,5,2,71.43");
        assertThat(sql("SELECT repo, via_module, via_path, declared, sites, anyio_sites, legacy_sites, refs, files "
                + "FROM mart_compat_modules_head ORDER BY ALL")).containsExactly(
                        "svc,pkg.aio,pkg/aio.py,false,8,8,0,4,2");
    }

    @Test
    void candidateFactsAreStoredButOnlyResolvedOnesAreSites() throws Exception {
        assertThat(scan.code()).as(scan.err()).isEqualTo(Main.OK);
        // pkg/util.py imports Event from a module that defines it: a candidate per library with an Event, no site
        assertThat(ParquetRows.rows(data, "SELECT u.line, u.kind, u.symbol, u.via, u.via_name FROM usages u "
                + "JOIN files f USING (blob_id) WHERE f.path = 'pkg/util.py' ORDER BY ALL")).containsExactly(
                        "1 import anyio.Event pkg.helpers Event", "1 import asyncio.Event pkg.helpers Event",
                        "1 import trio.Event pkg.helpers Event", "3 call anyio.Event pkg.helpers Event",
                        "3 call asyncio.Event pkg.helpers Event", "3 call trio.Event pkg.helpers Event");
        assertThat(ParquetRows.rows(data, "SELECT f.path, u.line, u.alias, u.symbol FROM usages u "
                + "JOIN files f USING (blob_id) WHERE u.kind = 'reexport' ORDER BY ALL"))
                .containsExactly("pkg/aio.py 5 TaskGroup anyio.abc.TaskGroup");
        assertThat(sql("SELECT count(*) FROM mart_site_status WHERE path IN ('pkg/util.py', 'pkg/helpers.py')"))
                .containsExactly("0");
        assertThat(SqlDataTests.failing(data)).isEmpty();
    }

    @Test
    void aDeclaredModuleWithoutReexportsResolvesThroughTheConfiguration() {
        assertThat(scan.code()).as(scan.err()).isEqualTo(Main.OK);
        assertThat(sql(SITES.formatted("declared"))).containsExactly(
                "src/rollouts/aio.py,1,import,anyio,target,none,-,-",
                "src/rollouts/aio.py,4,call,anyio.sleep,target,none,-,-");
        assertThat(sql(SITES.formatted("declared"), "--compat-module", "rollouts.aio=anyio")).containsExactly(
                "src/rollouts/aio.py,1,import,anyio,target,none,-,-",
                "src/rollouts/aio.py,4,call,anyio.sleep,target,none,-,-",
                "src/rollouts/worker.py,1,import,anyio.sleep,target,none,rollouts.aio,-",
                "src/rollouts/worker.py,4,call,anyio.sleep,target,none,rollouts.aio,-");
        assertThat(sql("SELECT repo, via_module, coalesce(via_path, '-'), declared, sites, refs "
                + "FROM mart_compat_modules_head ORDER BY ALL", "--compat-module", "rollouts.aio=anyio"))
                .containsExactly("declared,rollouts.aio,-,true,2,1", "svc,pkg.aio,pkg/aio.py,false,8,4");
    }

    @Test
    void aStarExportResolvesPerCommitAsTheLayerChanges() throws Exception {
        // the same content of app.py, first through a layer that re-exports all of AnyIO, then asyncio
        Path repo = tmp.resolve("star");
        try (GitFixture g = GitFixture.init(repo)) {
            String app = "from lib.star import sleep\n\nasync def tick():\n    await sleep(1)\n";
            var first = g.commit("main", "2026-02-03T10:00:00Z", Map.of("lib/__init__.py", "",
                    "lib/star.py", "from anyio import *\n", "app.py", app));
            g.commit("main", "2026-02-17T10:00:00Z", Map.of("lib/__init__.py", "",
                    "lib/star.py", "from asyncio import *\n", "app.py", app), first);
        }
        Path list = tmp.resolve("star.txt");
        Files.writeString(list, repo + " star core\n");
        Path starData = tmp.resolve("star-data");
        CommandRun run = CommandRun.of("scan", "--repos", list.toString(), "--out", starData.toString(), "--cache",
                tmp.resolve("cache").toString(), "--history", "weekly", "--no-progress");
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        CommandRun sites = CommandRun.of("sql", "--data", starData.toString(), "--format", "csv",
                "SELECT period_start, line, kind, symbol, status, via_module, via_path FROM mart_site_status "
                        + "WHERE path = 'app.py' ORDER BY ALL");
        assertThat(sites.code()).as(sites.err()).isZero();
        assertThat(sites.out().lines().skip(1)).containsExactly(
                "2026-02-02,1,import,anyio.sleep,target,lib.star,lib/star.py",
                "2026-02-02,4,call,anyio.sleep,target,lib.star,lib/star.py",
                "2026-02-09,1,import,anyio.sleep,target,lib.star,lib/star.py",
                "2026-02-09,4,call,anyio.sleep,target,lib.star,lib/star.py",
                "2026-02-16,1,import,asyncio.sleep,legacy,lib.star,lib/star.py",
                "2026-02-16,4,call,asyncio.sleep,legacy,lib.star,lib/star.py");
    }

    @Test
    void aDeclarationNamingNoTrackedLibraryIsAUsageError() {
        CommandRun run = CommandRun.of("sql", "--data", data.toString(), "--compat-module", "rollouts.aio=gevent",
                "SELECT 1");
        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--compat-module").contains("gevent is not a tracked library");
    }
}
