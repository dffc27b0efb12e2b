package io.anyscope.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.anyscope.cli.CommandRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration mistakes in {@code anyscope check}: a finding of the rules is new when the base has no finding of the same
 * site identity (path, rule, trimmed line, occurrence), so one that only moves down is not; {@code --fail-on
 * new-finding} fails on new ones, the default classes do not.
 */
class CheckFindingsTest {
    static final String BASE = "import anyio\n\n\nasync def main():\n    try:\n"
            + "        async with anyio.create_task_group() as tg:\n            tg.start_soon(job)\n"
            + "    except ValueError:\n        pass\n";
    /** Two lines added on top (the except moves down: not new), and start_soon awaited (new). */
    static final String CHANGED = "import anyio\n\nTIMEOUT = 5\n\n\nasync def main():\n    try:\n"
            + "        async with anyio.create_task_group() as tg:\n            await tg.start_soon(job)\n"
            + "    except ValueError:\n        pass\n";

    @Test
    void newMistakesAreFoundAgainstTheBaseAndFailOnlyUnderNewFinding(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/worker.py", BASE))) {
            repo.write("svc/worker.py", CHANGED);
            CommandRun r = repo.check("--base", "main", "--format", "json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode j = CheckCommandTest.json(r);
            assertThat(CheckCommandTest.kinds(j)).containsExactly("new-finding svc/worker.py:9 await-start-soon");
            assertThat(j.get("findings").get(0).get("anyio_equivalent").asText()).startsWith("Call it without await");

            CommandRun failing = repo.check("--base", "main", "--fail-on", "new-finding");
            assertThat(failing.code()).as(failing.err()).isEqualTo(1);
            assertThat(failing.out()).contains("svc/worker.py:9 await-start-soon: `await` on start_soon(): "
                    + "TaskGroup.start_soon() and Nursery.start_soon() return None")
                    .contains("[new migration mistake, fails]")
                    .contains("1 new migration mistakes");

            // the existing except around the task group shows only with any-legacy, and never fails new-finding
            CommandRun all = repo.check("--base", "main", "--fail-on", "new-finding,any-legacy", "--format", "json");
            assertThat(CheckCommandTest.kinds(CheckCommandTest.json(all))).containsExactly(
                    "new-finding svc/worker.py:9 await-start-soon",
                    "finding svc/worker.py:10 except-around-task-group");
        }
    }

    @Test
    void withoutABaseEveryMistakeIsNewAndSarifNamesItsRule(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/worker.py", BASE, "requirements-dev.txt", "pytest-anyio>=0.1.0\n"))) {
            CommandRun r = repo.check("--fail-on", "new-finding", "--format", "sarif");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            JsonNode run = CheckCommandTest.json(r).get("runs").get(0);
            assertThat(run.get("results")).hasSize(2);
            assertThat(run.get("results").get(0).get("ruleId").asText())
                    .isEqualTo("anyscope/mistake/pytest-anyio-dependency");
            assertThat(run.get("results").get(1).get("ruleId").asText())
                    .isEqualTo("anyscope/mistake/except-around-task-group");
            assertThat(run.get("results").get(1).get("level").asText()).isEqualTo("error");
        }
    }

    @Test
    void anUnknownFailOnClassNamesNewFinding(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/worker.py", BASE))) {
            CommandRun r = repo.check("--fail-on", "new-findings");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("new-finding)");
        }
    }
}
