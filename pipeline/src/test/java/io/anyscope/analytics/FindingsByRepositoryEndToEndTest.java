package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings that depend on the repository, not the file, through a real weekly scan of two git repositories holding
 * the same code: "legacy" declares {@code anyio>=2.0,<4} (pyproject), "modern" {@code anyio>=4.2} (requirements).
 * The AnyIO range of a finding is checked against the declared requirement of its snapshot: to_thread (AnyIO 3.0)
 * is newer than legacy's lower bound, create_event() (removed in 4.0) breaks only modern, run_in_thread() (removed in
 * 2.0) breaks both, a plain except around a task group matters only with AnyIO 4. The test configuration rules look
 * at the other files of the snapshot: both claim trio in pytest.ini, only modern's conftest parametrises the
 * anyio_backend fixture with trio; asyncio_mode = auto matters once AnyIO-marked tests exist (legacy's week 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingsByRepositoryEndToEndTest {
    static final String CODE = "import anyio\nfrom anyio import to_thread\n\n\n"
            + "async def job():\n    event = anyio.create_event()\n    await anyio.run_in_thread(print)\n"
            + "    await to_thread.run_sync(print)\n    return event\n\n\n"
            + "async def main():\n    try:\n        async with anyio.create_task_group() as tg:\n"
            + "            tg.start_soon(job)\n    except ValueError:\n        pass\n";
    static final String PYTEST_INI = "[pytest]\nasyncio_mode = auto\nanyio_backends = asyncio, trio\n";
    static final String TEST = "import pytest\n\n\n@pytest.mark.anyio\nasync def test_job():\n    pass\n";
    static final String CONFTEST_TRIO = "import pytest\n\n\n@pytest.fixture(params=[\"asyncio\", \"trio\"])\n"
            + "def anyio_backend(request):\n    return request.param\n";

    @TempDir
    static Path tmp;
    Path data;

    @BeforeAll
    void scan() throws Exception {
        Path legacy = tmp.resolve("legacy");
        try (GitFixture g = GitFixture.init(legacy)) {
            ObjectId c1 = g.commit("main", "2026-01-06T10:00:00Z", Map.of("svc/work.py", CODE,
                    "pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"anyio>=2.0,<4\"]\n",
                    "pytest.ini", PYTEST_INI));
            g.commit("main", "2026-01-13T10:00:00Z", Map.of("svc/work.py", CODE,
                    "pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"anyio>=2.0,<4\"]\n",
                    "pytest.ini", PYTEST_INI, "tests/test_work.py", TEST), c1);
        }
        Path modern = tmp.resolve("modern");
        try (GitFixture g = GitFixture.init(modern)) {
            g.commit("main", "2026-01-13T10:00:00Z", Map.of("svc/work.py", CODE,
                    "requirements.txt", "anyio[trio]>=4.2\n", "pytest.ini", PYTEST_INI,
                    "tests/test_work.py", TEST, "tests/conftest.py", CONFTEST_TRIO));
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), legacy + " legacy a\n" + modern + " modern b\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--history", "weekly",
                "--no-progress");
    }

    @Test
    void theDeclaredRequirementDecidesWhichVersionFindingsHold() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT repo, CAST(lowest AS VARCHAR), CAST(highest AS VARCHAR), highest_allowed FROM mart_anyio_requirements r "
                    + "JOIN mart_snapshots s USING (repo_id, label) WHERE s.is_head_snapshot ORDER BY repo").rows())
                    .containsExactly(List.of("legacy", "[2, 0, 0]", "[4, 0, 0]", false),
                            Arrays.asList("modern", "[4, 2, 0]", null, false));
            assertThat(w.query("SELECT repo, line, rule_id FROM mart_findings_head WHERE path = 'svc/work.py' "
                    + "ORDER BY repo, line, rule_id").rows()).containsExactly(
                    List.of("legacy", 2, "anyio-api-newer-than-declared"),
                    List.of("legacy", 7, "removed-anyio-api"),
                    List.of("legacy", 8, "anyio-api-newer-than-declared"),
                    List.of("legacy", 15, "anyio-api-newer-than-declared"),
                    List.of("modern", 6, "removed-anyio-api"),
                    List.of("modern", 7, "removed-anyio-api"),
                    List.of("modern", 16, "except-around-task-group"));
        }
    }

    @Test
    void testConfigurationFindingsLookAtTheWholeSnapshot() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT repo, label, path, line, rule_id FROM mart_findings_snapshot "
                    + "WHERE path = 'pytest.ini' AND rule_id <> 'anyio-backends-ini-key' ORDER BY repo, label, line")
                    .rows()).containsExactly(
                    List.of("legacy", "2026-W03", "pytest.ini", 2, "asyncio-mode-auto-with-anyio-tests"),
                    List.of("legacy", "2026-W03", "pytest.ini", 3, "trio-backend-never-tested"),
                    List.of("modern", "2026-W03", "pytest.ini", 2, "asyncio-mode-auto-with-anyio-tests"));
            // the key itself is wrong wherever it is, whatever the other files say
            assertThat(w.query("SELECT count(*) FROM mart_findings_snapshot WHERE rule_id = 'anyio-backends-ini-key'")
                    .rows()).containsExactly(List.of(3L));
            assertThat(w.query("SELECT period, path, rule_id FROM mart_finding_regressions WHERE repo = 'legacy' "
                    + "ORDER BY rule_id").rows()).containsExactly(
                    List.of("2026-W03", "pytest.ini", "asyncio-mode-auto-with-anyio-tests"),
                    List.of("2026-W03", "pytest.ini", "trio-backend-never-tested"));
        }
    }
}
