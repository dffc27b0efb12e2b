package io.anyscope.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anyscope.cli.CommandRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anyscope check} on real git working copies made in the test: base against working tree or head, renames,
 * broken names, suppressions, dependencies, baselines and exit codes.
 */
class CheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A module with enough unchanged lines that a rename with one added line is still detected as a rename. */
    static String worker(String... extra) {
        StringBuilder b = new StringBuilder("import asyncio\n\n\nasync def job(n):\n    await asyncio.sleep(n)\n\n\n");
        for (int i = 0; i < 12; i++) {
            b.append("def helper_").append(i).append("(x):\n    return x * ").append(i).append(" + 1\n\n\n");
        }
        b.append("async def run():\n    asyncio.create_task(job(1))\n");
        for (String e : extra) {
            b.append(e).append('\n');
        }
        return b.toString();
    }

    static JsonNode json(CommandRun r) throws Exception {
        return JSON.readTree(r.out());
    }

    static List<String> kinds(JsonNode j) {
        List<String> out = new ArrayList<>();
        j.get("findings").forEach(f -> out.add(f.get("kind").asText() + " " + f.get("path").asText() + ":"
                + f.get("line").asInt() + " " + f.get("symbol").asText()));
        return out;
    }

    @Test
    void aNewCreateTaskInARenamedFileIsOneFindingAndOnlyChangedFilesAreParsed(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z", Map.of(
                "svc/worker.py", worker(), "svc/other.py", "import asyncio\nasyncio.run(main())\n",
                "README.md", "hello\n"))) {
            repo.move("svc/worker.py", "svc/jobs.py");
            repo.write("svc/jobs.py", worker("    asyncio.create_task(job(2))"));

            CommandRun r = repo.check("--base", "main", "--format", "json");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            JsonNode j = json(r);
            assertThat(kinds(j)).containsExactly("new-legacy svc/jobs.py:58 asyncio.create_task");
            assertThat(j.get("findings").get(0).get("identity_path").asText()).isEqualTo("svc/worker.py");
            // one rename: its two sides are parsed, svc/other.py (unchanged, legacy) is not
            assertThat(j.get("files_changed").asInt()).isEqualTo(1);
            assertThat(j.get("files_parsed").asInt()).isEqualTo(2);

            CommandRun text = repo.check("--base", "main");
            assertThat(text.code()).isEqualTo(1);
            assertThat(text.out()).contains("svc/jobs.py\n  svc/jobs.py:58 asyncio.create_task → TaskGroup.start_soon()")
                    .contains("(structural)  [new legacy, fails]")
                    .contains("result: FAIL: 1 finding under --fail-on new-legacy,new-broken");
        }
    }

    @Test
    void aCopyOfAModifiedFileRemovesNoLegacySite(@TempDir Path tmp) throws Exception {
        // b.py is a copy of a.py (which this change also modifies) without its get_event_loop line: a.py still has
        // that site, so nothing was removed; the copy's sites are a.py's, so nothing is new either.
        String a = worker("    loop = asyncio.get_event_loop()");
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z", Map.of("svc/a.py", a))) {
            repo.write("svc/a.py", a + "VERSION = 2\n");
            repo.write("svc/b.py", a.replace("    loop = asyncio.get_event_loop()\n", ""));
            CommandRun r = repo.check("--base", "main", "--format", "json");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            JsonNode j = json(r);
            assertThat(kinds(j)).isEmpty();
            assertThat(j.get("files_changed").asInt()).isEqualTo(2);
            assertThat(repo.check("--base", "main").out()).doesNotContain("removed legacy sites")
                    .contains("result: pass");
        }
    }

    @Test
    void aPureRenameHasNoFindings(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/worker.py", worker()))) {
            repo.move("svc/worker.py", "svc/renamed/jobs.py");
            CommandRun r = repo.check("--base", "main", "--format", "json");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(json(r).get("findings")).isEmpty();
            assertThat(repo.check("--base", "main").out()).contains("result: pass");
        }
    }

    @Test
    void aRenameCommittedOnABranchIsMatchedByHeadAndMergeBase(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/worker.py", worker()))) {
            ObjectId base = repo.fx.repo.resolve("main");
            repo.commit("feature", "2026-03-03T10:00:00Z",
                    Map.of("svc/jobs.py", worker("    asyncio.create_task(job(3))")), base);
            repo.commit("main", "2026-03-04T10:00:00Z",
                    Map.of("svc/worker.py", worker(), "svc/new_on_main.py", "import asyncio\n"), base);
            CommandRun r = repo.check("--base", "main...feature", "--head", "feature", "--format", "json");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            // main's own new file is not the branch's change: the merge base is the base
            assertThat(kinds(json(r))).containsExactly("new-legacy svc/jobs.py:58 asyncio.create_task");
        }
    }

    @Test
    void anAsyncioImportReplacedByAnyioLeavesOneBrokenName(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z", Map.of(
                "svc/api.py", "import asyncio\n\n\nasync def start():\n    asyncio.create_task(job())\n"))) {
            repo.write("svc/api.py", "import anyio\n\n\nasync def start():\n    anyio.create_task(job())\n");
            CommandRun r = repo.check("--base", "main", "--format", "json");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            JsonNode j = json(r);
            assertThat(kinds(j)).containsExactlyInAnyOrder("new-broken svc/api.py:5 anyio.create_task",
                    "removed-legacy svc/api.py:1 asyncio", "removed-legacy svc/api.py:5 asyncio.create_task");
            JsonNode broken = j.get("findings").get(1);
            assertThat(broken.get("fails").asBoolean()).isTrue();
            assertThat(broken.get("anyio_equivalent").asText())
                    .startsWith("asyncio.create_task → TaskGroup.start_soon()");
            assertThat(repo.check("--base", "main", "--fail-on", "new-legacy").code()).isZero();
        }
    }

    @Test
    void aSuppressionWithAReasonHidesTheSiteAndOneWithoutIsAFinding(@TempDir Path tmp) throws Exception {
        String before = "import asyncio\n\n\nasync def flush():\n    pass\n";
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/metrics.py", before))) {
            repo.write("svc/metrics.py", before
                    + "    # anyscope: ignore[asyncio.create_task] fire-and-forget flush, owned by the loop's shutdown\n"
                    + "    asyncio.create_task(flush())\n");
            CommandRun ok = repo.check("--base", "main", "--format", "json");
            assertThat(ok.code()).as(ok.out()).isZero();
            JsonNode j = json(ok);
            assertThat(j.get("findings")).isEmpty();
            assertThat(j.get("counts").get("suppressed").asInt()).isEqualTo(1);
            assertThat(j.get("suppressed").get(0).get("line").asInt()).isEqualTo(7);
            assertThat(repo.check("--base", "main").out()).contains("suppressed (1):\n  svc/metrics.py:7 asyncio.create_task");

            repo.write("svc/metrics.py", before + "    asyncio.create_task(flush())  # anyscope: ignore[asyncio.create_task]\n");
            CommandRun bare = repo.check("--base", "main", "--format", "json");
            assertThat(bare.code()).isEqualTo(1);
            assertThat(kinds(json(bare))).containsExactlyInAnyOrder("new-legacy svc/metrics.py:6 asyncio.create_task",
                    "suppression-without-reason svc/metrics.py:6 asyncio.create_task");
        }
    }

    @Test
    void aNewTrioAsyncioRequirementIsABlockerDependency(@TempDir Path tmp) throws Exception {
        String pyproject = "[project]\nname = \"svc\"\ndependencies = [\n    \"anyio>=4\",\n]\n";
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("pyproject.toml", pyproject))) {
            repo.write("pyproject.toml", pyproject.replace("    \"anyio>=4\",\n",
                    "    \"anyio>=4\",\n    \"trio-asyncio>=0.15\",\n"));
            CommandRun r = repo.check("--base", "main", "--format", "json");
            // not in the default classes: reported, exit 0
            assertThat(r.code()).isZero();
            assertThat(kinds(json(r))).containsExactly("new-dependency pyproject.toml:5 trio-asyncio");
            CommandRun strict = repo.check("--base", "main", "--fail-on", "blocker");
            assertThat(strict.code()).isEqualTo(1);
            assertThat(strict.out()).contains("pyproject.toml:5 dependency on trio-asyncio (blocker library trio_asyncio)");
        }
    }

    @Test
    void trioDeclaredBesideAnyioIsItsBackendNotALegacyDependency(@TempDir Path tmp) throws Exception {
        // The catalog's backend_of (trio: anyio), as mart_dependency_blockers applies it: trio beside anyio is AnyIO's
        // backend; trio in a file that does not declare anyio is a legacy dependency.
        String pyproject = "[project]\nname = \"svc\"\ndependencies = [\n    \"anyio[trio]>=4\",\n]\n";
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("pyproject.toml", pyproject, "requirements-dev.txt", "pytest\n"))) {
            repo.write("pyproject.toml", pyproject.replace("    \"anyio[trio]>=4\",\n",
                    "    \"anyio[trio]>=4\",\n    \"trio>=0.25\",\n"));
            CommandRun beside = repo.check("--base", "main", "--format", "json");
            assertThat(beside.code()).as(beside.out() + beside.err()).isZero();
            assertThat(kinds(json(beside))).isEmpty();

            repo.write("requirements-dev.txt", "pytest\ntrio>=0.25\n");
            CommandRun alone = repo.check("--base", "main", "--format", "json", "--fail-on", "blocker");
            assertThat(kinds(json(alone))).containsExactly("new-dependency requirements-dev.txt:2 trio");
        }
    }

    @Test
    void aBaselineAbsorbsOldSitesAcrossEditsAboveThemAndOnlyTightens(@TempDir Path tmp) throws Exception {
        String svc = "import asyncio\n\n\nasync def a():\n    asyncio.create_task(job())\n    asyncio.create_task(job())\n";
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z", Map.of("svc/a.py", svc))) {
            Path baseline = tmp.resolve("anyscope-baseline.tsv");
            // without a base or a baseline every legacy site is new
            assertThat(repo.check().code()).isEqualTo(1);
            CommandRun write = repo.check("--write-baseline", baseline.toString());
            assertThat(write.code()).as(write.out() + write.err()).isZero();
            List<String> lines = Files.readAllLines(baseline, StandardCharsets.UTF_8);
            assertThat(lines.get(0)).startsWith("# anyscope check baseline (anyscope ").contains("catalog 20");
            assertThat(lines).contains("count\tpath\tsymbol\tline", "1\tsvc/a.py\tasyncio\timport asyncio",
                    "2\tsvc/a.py\tasyncio.create_task\tasyncio.create_task(job())");

            // lines added above the sites: nothing new
            repo.write("svc/a.py", "\"\"\"Docs.\"\"\"\n\n" + svc);
            assertThat(repo.check("--baseline", baseline.toString()).code()).isZero();
            // a third create_task is new
            repo.write("svc/a.py", svc + "    asyncio.create_task(job())\n");
            CommandRun more = repo.check("--baseline", baseline.toString(), "--format", "json");
            assertThat(more.code()).isEqualTo(1);
            assertThat(kinds(json(more))).containsExactly("new-legacy svc/a.py:7 asyncio.create_task");
            // --update-baseline never adds it
            assertThat(repo.check("--baseline", baseline.toString(), "--update-baseline").code()).isEqualTo(1);
            assertThat(Files.readAllLines(baseline)).contains("2\tsvc/a.py\tasyncio.create_task\tasyncio.create_task(job())");

            // one removed: stale slack, reported; failing only under stale-baseline
            repo.write("svc/a.py", "import asyncio\n\n\nasync def a():\n    asyncio.create_task(job())\n");
            CommandRun stale = repo.check("--baseline", baseline.toString(), "--format", "json");
            assertThat(stale.code()).isZero();
            assertThat(kinds(json(stale))).containsExactly("stale-baseline svc/a.py:0 asyncio.create_task");
            assertThat(repo.check("--baseline", baseline.toString(), "--fail-on", "stale-baseline").code())
                    .isEqualTo(1);
            CommandRun tighten = repo.check("--baseline", baseline.toString(), "--update-baseline",
                    "--fail-on", "stale-baseline");
            assertThat(tighten.code()).as(tighten.out()).isZero();
            assertThat(tighten.out()).contains("tightened baseline");
            assertThat(Files.readAllLines(baseline)).contains("1\tsvc/a.py\tasyncio.create_task\tasyncio.create_task(job())");
            assertThat(repo.check("--baseline", baseline.toString(), "--fail-on", "stale-baseline").code()).isZero();
            // the removed site cannot come back
            repo.write("svc/a.py", svc);
            assertThat(repo.check("--baseline", baseline.toString()).code()).isEqualTo(1);
        }
    }

    @Test
    void exitCodesForUsageErrorsAndRunsThatCannotRun(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/a.py", "import anyio\n"))) {
            CommandRun unknown = repo.check("--base", "origin/nope");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err()).isEqualTo("anyscope check: unknown revision 'origin/nope'\n");
            CommandRun badClass = repo.check("--fail-on", "new-legacy,everything");
            assertThat(badClass.code()).isEqualTo(2);
            assertThat(badClass.err()).contains("unknown --fail-on class 'everything'").doesNotContain("Exception");
            assertThat(repo.check("--base", "main", "--baseline", "b.tsv").code()).isEqualTo(2);
            assertThat(repo.check("--format", "xml").code()).isEqualTo(2);
            Path plain = Files.createDirectories(tmp.resolve("plain"));
            CommandRun noGit = CommandRun.of("check", plain.toString(), "--base", "main");
            assertThat(noGit.code()).isEqualTo(2);
            assertThat(noGit.err()).contains("is not in a git repository").doesNotContain("\tat ");
            // a baseline that cannot be written: could not run
            Path file = Files.writeString(tmp.resolve("a-file"), "x");
            CommandRun cannot = repo.check("--write-baseline", file.resolve("baseline.tsv").toString());
            assertThat(cannot.code()).isEqualTo(3);
            assertThat(cannot.err()).startsWith("anyscope check: cannot write baseline").doesNotContain("\tat ");
            // clean: 0
            assertThat(repo.check("--base", "main").code()).isZero();
            assertThat(repo.check().code()).isZero();
        }
    }

    @Test
    void pathsGlobsNarrowTheCheck(@TempDir Path tmp) throws Exception {
        try (CheckRepo repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z",
                Map.of("svc/a.py", "import anyio\n", "tools/b.py", "import anyio\n"))) {
            repo.write("svc/a.py", "import asyncio\n");
            repo.write("tools/b.py", "import asyncio\n");
            assertThat(kinds(json(repo.check("--base", "main", "--format", "json", "--paths", "svc/**"))))
                    .containsExactly("new-legacy svc/a.py:1 asyncio");
            assertThat(kinds(json(repo.check("--base", "main", "--format", "json", "--paths", "tools"))))
                    .containsExactly("new-legacy tools/b.py:1 asyncio");
            assertThat(kinds(json(CommandRun.of("check", repo.dir.resolve("svc").toString(), "--format", "json"))))
                    .containsExactly("new-legacy svc/a.py:1 asyncio");
        }
    }
}
