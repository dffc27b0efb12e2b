package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependency blockers of real repositories scanned through the CLI: trio declared beside anyio (in the same file,
 * in another file of the same snapshot, or beside {@code anyio[trio]}) is AnyIO's backend and no blocker; trio
 * alone still is; a PEP 508 URL requirement is a dependency, not an error.
 */
class DependencyBlockersTest {
    @TempDir
    static Path tmp;
    static Path data;
    static CommandRun scan;

    private static void repo(String name, Map<String, Object> files) throws Exception {
        try (GitFixture g = GitFixture.init(tmp.resolve(name))) {
            g.commit("main", "2026-03-02T10:00:00Z", files);
        }
    }

    @BeforeAll
    static void scanned() throws Exception {
        // (a) anyio and trio in one pyproject, trio also in an optional group for AnyIO's backend
        repo("beside", Map.of("pyproject.toml", """
                [project]
                name = "beside"
                dependencies = ["anyio>=4", "trio>=0.25"]
                [project.optional-dependencies]
                trio = ["trio>=0.26"]
                """, "app.py", "import anyio\n"));
        // (a) anyio in pyproject, trio in a requirements file of the same snapshot
        repo("split", Map.of("pyproject.toml", """
                [project]
                name = "split"
                dependencies = ["anyio>=4"]
                """, "requirements-trio.txt", "trio==0.25.1  # AnyIO's trio backend\n", "app.py", "import anyio\n"));
        // (b) the anyio extra, with trio pinned beside it; nest-asyncio stays a blocker
        repo("extra", Map.of("requirements.txt", "anyio[trio]>=4\ntrio>=0.25\nnest-asyncio\n",
                "app.py", "import anyio\n"));
        // (c) trio without anyio: still listed, as before
        repo("alone", Map.of("requirements.txt", "trio>=0.25\n", "app.py", "import trio\n"));
        // (d) a PEP 508 URL requirement with a marker right after the URL
        repo("url", Map.of("requirements.txt",
                "aiofiles @ git+https://github.com/Tinche/aiofiles.git@v23.2.1; python_version < \"3.12\"\n",
                "app.py", "import asyncio\n"));
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, String.join("\n", tmp.resolve("beside") + " beside core", tmp.resolve("split")
                + " split core", tmp.resolve("extra") + " extra core", tmp.resolve("alone") + " alone core",
                tmp.resolve("url") + " url core") + "\n");
        data = tmp.resolve("data");
        scan = CommandRun.of("scan", "--repos", list.toString(), "--out", data.toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress");
    }

    private static List<String> sql(String query) {
        CommandRun run = CommandRun.of("sql", "--data", data.toString(), "--format", "csv", query);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().lines().skip(1).toList();
    }

    @Test
    void trioBesideAnyioIsItsBackendAndTrioAloneIsABlocker() {
        assertThat(scan.code()).as(scan.err()).isEqualTo(Main.OK);
        assertThat(sql("SELECT repo, path, line, dependency, spec, library, role FROM rpt_dependency_blockers "
                + "ORDER BY repo, path, line")).containsExactly(
                        "alone,requirements.txt,1,trio,>=0.25,trio,legacy",
                        "extra,requirements.txt,3,nest-asyncio,,nest_asyncio,blocker",
                        "url,requirements.txt,1,aiofiles,,aiofiles,legacy");
        assertThat(sql("SELECT repo, dependency_blockers, coalesce(dependency_blocker_names, '-') FROM mart_scope_repo "
                + "ORDER BY repo")).containsExactly("alone,1,trio", "beside,0,-", "extra,1,nest-asyncio",
                        "split,0,-", "url,1,aiofiles");
    }

    @Test
    void aPep508UrlRequirementIsAConfigFactAndNoError() throws Exception {
        assertThat(scan.code()).as(scan.err()).isEqualTo(Main.OK);
        assertThat(ParquetRows.rows(data, "SELECT r.name, f.path, c.kind, c.name, c.value, c.section, c.line "
                + "FROM config_facts c JOIN files f USING (blob_id) JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'url'")).containsExactly("url requirements.txt dependency aiofiles  requirements 1");
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM errors")).containsExactly("0");
        assertThat(scan.err()).doesNotContain("not a requirement");
    }
}
