package io.anyscope.demo;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builds the demo repositories for real (JGit on a temporary directory) and checks the stories they tell. */
class DemoReposTest {
    /** A fixed start Monday, so the expectations below do not depend on today's date. */
    static final LocalDate START = LocalDate.of(2025, 3, 3);

    @TempDir
    static Path shared;
    static List<DemoRepo> repos;
    static long createMillis;
    /** CPU time of the creating thread (DemoRepos.create is single-threaded): what other processes do not inflate. */
    static long createCpuMillis;

    @BeforeAll
    static void createOnce() throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        long t0 = System.nanoTime();
        repos = DemoRepos.create(shared.resolve("demo"), START);
        createMillis = (System.nanoTime() - t0) / 1_000_000;
        createCpuMillis = c0 < 0 ? createMillis : (mx.getCurrentThreadCpuTime() - c0) / 1_000_000;
        System.out.println("DemoRepos.create took " + createMillis + " ms (" + createCpuMillis + " ms CPU)");
    }

    @Test
    void startIsAMonday() {
        assertThat(START.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    }

    @Test
    void createsTheThreeReposInOrderAndQuickly() {
        assertThat(repos).extracting(DemoRepo::name)
                .containsExactly("payments-service", "trio-telemetry", "legacy-gateway");
        assertThat(repos).extracting(DemoRepo::team).containsExactly("payments", "platform", "edge");
        assertThat(repos).allSatisfy(r -> {
            assertThat(r.path()).isDirectory();
            assertThat(r.path().resolve(".git")).isDirectory();
            assertThat(r.path().resolve("README.md")).isRegularFile(); // main is checked out
            assertThat(r.description()).isNotBlank();
        });
        // the target is < 3 s; the bound is on CPU time, loose, because CI machines are shared and a busy machine
        // stretches wall time; the wall-time bound only catches a hang
        assertThat(createCpuMillis).isLessThan(15_000);
        assertThat(createMillis).isLessThan(120_000);
    }

    @Test
    void reposCsvListsTheRepos() throws IOException {
        List<String> lines = Files.readAllLines(shared.resolve("demo").resolve(DemoRepos.REPOS_CSV));
        assertThat(lines.get(0)).startsWith("#");
        List<String[]> rows = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split(",", -1)).toList();
        assertThat(rows).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(rows.get(k)).hasSize(3);
            assertThat(Path.of(rows.get(k)[0])).isEqualTo(repos.get(k).path());
            assertThat(rows.get(k)[1]).isEqualTo(repos.get(k).name());
            assertThat(rows.get(k)[2]).isEqualTo(repos.get(k).team());
        }
    }

    @Test
    void creationIsDeterministic(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws IOException {
        Map<String, List<String>> first = ids(DemoRepos.create(a, START));
        Map<String, List<String>> second = ids(DemoRepos.create(b, START));
        assertThat(first).isEqualTo(second);
        assertThat(first.get("payments-service")).hasSizeGreaterThan(20);
        Map<String, List<String>> shifted = ids(DemoRepos.create(c, START.plusWeeks(1)));
        assertThat(shifted.get("payments-service")).doesNotContainAnyElementsOf(first.get("payments-service"));
    }

    @Test
    void rerunReplacesAnEarlierDemoButNotOtherDirectories(@TempDir Path dir) throws IOException {
        List<DemoRepo> once = DemoRepos.create(dir, START);
        Files.writeString(once.get(0).path().resolve("scratch.txt"), "left over");
        List<DemoRepo> twice = DemoRepos.create(dir, START);
        assertThat(twice.get(0).path().resolve("scratch.txt")).doesNotExist();
        assertThat(ids(twice)).isEqualTo(ids(once));

        Path other = dir.resolve("elsewhere");
        Files.createDirectories(other.resolve("trio-telemetry"));
        Files.writeString(other.resolve("trio-telemetry").resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> DemoRepos.create(other, START)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an anyscope demo repository");
        assertThat(other.resolve("trio-telemetry").resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void defaultStartIsTheMonday16WeeksBeforeThisWeek() {
        Clock thursday = Clock.fixed(Instant.parse("2026-11-26T18:30:00Z"), ZoneOffset.UTC);
        assertThat(DemoRepos.defaultStart(thursday)).isEqualTo(LocalDate.of(2026, 8, 3));
        Clock monday = Clock.fixed(Instant.parse("2026-11-23T00:10:00Z"), ZoneOffset.UTC);
        assertThat(DemoRepos.defaultStart(monday)).isEqualTo(LocalDate.of(2026, 8, 3));
        assertThatThrownBy(() -> DemoRepos.create(shared.resolve("x"), LocalDate.of(2026, 8, 4)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historiesSpanTwelveWeeksWithGapsMergesTagsAndRealisticIdents() throws IOException {
        Instant start = START.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = START.plusWeeks(DemoRepos.WEEKS).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (DemoRepo r : repos) {
            try (Repository repo = open(r); RevWalk walk = new RevWalk(repo)) {
                List<RevCommit> all = allCommits(repo, walk);
                Set<Long> weeks = new TreeSet<>();
                Set<String> authors = new HashSet<>();
                int merges = 0;
                for (RevCommit c : all) {
                    PersonIdent a = c.getAuthorIdent();
                    PersonIdent cm = c.getCommitterIdent();
                    assertThat(a.getZoneId()).as(r.name()).isEqualTo(ZoneOffset.UTC);
                    assertThat(cm.getZoneId()).isEqualTo(ZoneOffset.UTC);
                    assertThat(cm.getWhenAsInstant()).isEqualTo(a.getWhenAsInstant());
                    assertThat(a.getWhenAsInstant()).isAfterOrEqualTo(start).isBefore(end);
                    int hour = a.getWhenAsInstant().atZone(ZoneOffset.UTC).getHour();
                    assertThat(hour).as("%s %s", r.name(), c.getShortMessage()).isBetween(7, 19);
                    assertThat(c.getShortMessage()).isNotBlank().doesNotStartWith("commit");
                    weeks.add(ChronoUnit.DAYS.between(start, a.getWhenAsInstant()) / 7);
                    authors.add(a.getName());
                    if (c.getParentCount() == 2) {
                        merges++;
                    }
                }
                long first = weeks.iterator().next();
                long last = ((TreeSet<Long>) weeks).last();
                assertThat(last - first + 1).as(r.name() + " span in weeks").isGreaterThanOrEqualTo(12);
                assertThat(weeks.size()).as(r.name() + " weeks with commits").isLessThan((int) (last - first + 1));
                assertThat(authors).as(r.name()).hasSizeBetween(2, 4);
                assertThat(merges).as(r.name() + " merges").isGreaterThanOrEqualTo(2);
                assertThat(all.size()).as(r.name() + " commits").isGreaterThan(weeks.size()); // several per week

                Map<String, Ref> tags = new TreeMap<>();
                for (Ref t : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                    tags.put(t.getName().substring(Constants.R_TAGS.length()), t);
                }
                assertThat(tags).containsOnlyKeys("v0.1.0", "v0.2.0");
                for (Ref t : tags.values()) {
                    RevObject o = walk.parseAny(t.getObjectId());
                    assertThat(o).isInstanceOf(RevTag.class);
                    RevObject target = walk.peel(o);
                    assertThat(all).contains((RevCommit) target);
                }
                assertThat(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)).extracting(Ref::getName)
                        .containsExactly("refs/heads/main");
            }
        }
    }

    @Test
    void everyRepoHasARenameADeletionAndNonPythonFiles() throws IOException {
        for (DemoRepo r : repos) {
            try (Repository repo = open(r); RevWalk walk = new RevWalk(repo);
                 DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
                diff.setRepository(repo);
                diff.setDetectRenames(true);
                Set<DiffEntry.ChangeType> kinds = new HashSet<>();
                for (RevCommit c : firstParents(repo, walk)) {
                    if (c.getParentCount() > 0) {
                        for (DiffEntry e : diff.scan(c.getParent(0).getTree(), c.getTree())) {
                            kinds.add(e.getChangeType());
                        }
                    }
                }
                assertThat(kinds).as(r.name()).contains(DiffEntry.ChangeType.RENAME, DiffEntry.ChangeType.DELETE);
                Map<String, String> head = files(repo, walk.parseCommit(repo.resolve("refs/heads/main")), p -> true);
                assertThat(head).containsKey("README.md");
                assertThat(head.keySet().stream().filter(p -> !p.endsWith(".py")).count())
                        .as(r.name()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void paymentsRegressionAppearsInItsWeekAndIsGoneTwoWeeksBeforeAndAtTheEnd() throws IOException {
        DemoRepo payments = repos.get(0);
        String needle = "asyncio.create_task(";
        try (Repository repo = open(payments); RevWalk walk = new RevWalk(repo)) {
            List<RevCommit> line = firstParents(repo, walk);
            int w = DemoRepos.PAYMENTS_REGRESSION_WEEK;
            assertThat(pythonContains(repo, tipAtEndOfWeek(line, w), needle)).isTrue();
            assertThat(pythonContains(repo, tipAtEndOfWeek(line, w - 2), needle)).isFalse();
            assertThat(pythonContains(repo, tipAtEndOfWeek(line, w - 1), needle)).isFalse();
            assertThat(pythonContains(repo, tipAtEndOfWeek(line, DemoRepos.PAYMENTS_REGRESSION_FIXED_WEEK), needle))
                    .isFalse();
            assertThat(pythonContains(repo, line.get(0), needle)).isFalse();
            assertThat(pythonContains(repo, tipAtEndOfWeek(line, w), "asyncio.get_event_loop()")).isTrue();
            // the commit that brought it in, walking forward along the first-parent line
            List<RevCommit> forward = new ArrayList<>(line);
            java.util.Collections.reverse(forward);
            RevCommit culprit = null;
            boolean before = false;
            for (RevCommit c : forward) {
                boolean has = pythonContains(repo, c, needle);
                if (has && !before && weekOf(c) > 3) {
                    culprit = c;
                    break;
                }
                before = has;
            }
            assertThat(culprit).isNotNull();
            assertThat(culprit.getAuthorIdent().getName()).isEqualTo(DemoRepos.PAYMENTS_REGRESSION_AUTHOR);
            assertThat(weekOf(culprit)).isEqualTo(w);
            // the migration is real: anyio arrives, and hard parts stay asyncio at the end
            Map<String, String> head = files(repo, line.get(0), p -> p.endsWith(".py"));
            String all = String.join("\n", head.values());
            assertThat(all).contains("anyio.create_task_group()", "anyio.fail_after(", "anyio.to_thread.run_sync(",
                    "anyio.run(", "create_memory_object_stream", "@pytest.mark.anyio", "def anyio_backend");
            // (W15's bulk search-and-replace turned the subprocess and shield calls into AnyIO names AnyIO lacks)
            assertThat(all).contains("anyio.create_subprocess_exec", "asyncio.Future", "add_signal_handler",
                    "anyio.shield", "asyncio.get_running_loop()");
            assertThat(all).doesNotContain("asyncio.gather(", "asyncio.Queue(", "asyncio.wait_for(", "asyncio.run(");
            Map<String, String> start = files(repo, line.get(line.size() - 1), p -> p.endsWith(".py"));
            assertThat(String.join("\n", start.values())).doesNotContain("anyio").contains("asyncio.gather(");
            assertThat(files(repo, line.get(0), p -> p.equals("pyproject.toml")).get("pyproject.toml"))
                    .contains("\"anyio>=4\"").doesNotContain("pytest-asyncio");
        }
    }

    @Test
    void trioTelemetryKeepsItsTrioLowlevelBlocker() throws IOException {
        try (Repository repo = open(repos.get(1)); RevWalk walk = new RevWalk(repo)) {
            List<RevCommit> line = firstParents(repo, walk);
            Map<String, String> head = files(repo, line.get(0), p -> p.endsWith(".py"));
            String all = String.join("\n", head.values());
            assertThat(all).contains("trio.lowlevel.current_trio_token()", "trio.lowlevel.spawn_system_task(",
                    "import anyio", "anyio.create_task_group()", "@pytest.mark.anyio");
            assertThat(all).doesNotContain("trio.open_nursery(", "trio.open_memory_channel", "trio.run(");
            assertThat(head.entrySet().stream().filter(e -> e.getValue().contains("trio.lowlevel"))
                    .map(Map.Entry::getKey).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("src/trio_telemetry/_lowlevel.py");
            String first = String.join("\n", files(repo, line.get(line.size() - 1), p -> p.endsWith(".py")).values());
            assertThat(first).doesNotContain("anyio").contains("trio.open_nursery(", "trio.lowlevel.checkpoint()");
        }
    }

    @Test
    void legacyGatewayNeverImportsAnyioAndGrowsItsAsyncioUse() throws IOException {
        try (Repository repo = open(repos.get(2)); RevWalk walk = new RevWalk(repo)) {
            List<RevCommit> all = allCommits(repo, walk);
            for (RevCommit c : all) {
                assertThat(pythonContains(repo, c, "import anyio")).as(c.getShortMessage()).isFalse();
                assertThat(pythonContains(repo, c, "from anyio")).isFalse();
            }
            List<RevCommit> line = firstParents(repo, walk);
            int atStart = count(files(repo, line.get(line.size() - 1), p -> p.endsWith(".py")), "asyncio.");
            int atEnd = count(files(repo, line.get(0), p -> p.endsWith(".py")), "asyncio.");
            assertThat(atEnd).isGreaterThan(2 * atStart);
            String head = String.join("\n", files(repo, line.get(0), p -> p.endsWith(".py")).values());
            assertThat(head).contains("asyncio.gather(", "asyncio.ensure_future(", "asyncio.get_event_loop()",
                    "nest_asyncio.apply()", "uvloop.install()");
        }
    }

    @Test
    void everyPythonFileInEveryCommitIsPlausible() throws IOException {
        int checked = 0;
        for (DemoRepo r : repos) {
            try (Repository repo = open(r); RevWalk walk = new RevWalk(repo)) {
                Set<ObjectId> seen = new HashSet<>();
                for (RevCommit c : allCommits(repo, walk)) {
                    try (TreeWalk tw = new TreeWalk(repo)) {
                        tw.addTree(c.getTree());
                        tw.setRecursive(true);
                        while (tw.next()) {
                            if (!tw.getPathString().endsWith(".py") || !seen.add(tw.getObjectId(0))) {
                                continue;
                            }
                            String src = new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                            assertThat(PythonPlausibility.problems(src))
                                    .as("%s %s in %s", r.name(), tw.getPathString(), c.getShortMessage()).isEmpty();
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    @Test
    void plausibilityCheckRejectsBrokenPython() {
        assertThat(PythonPlausibility.problems("def f(x):\n    return (x + 1\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("s = 'open\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("x = ])\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("if x:\npass\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("x = 1\n    y = 2\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("if x:\n        a = 1\n    b = 2\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("doc = \"\"\"never closed\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems("class A:\n")).isNotEmpty();
        assertThat(PythonPlausibility.problems(
                "class A:\n    \"\"\"Doc: with (paren\"\"\"\n\n    def f(self) -> str:  # ) comment\n"
                        + "        return f\"{self!r}:\" + r'\\d' + '''\n])\n'''\n")).isEmpty();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static Repository open(DemoRepo r) throws IOException {
        return new FileRepositoryBuilder().setGitDir(r.path().resolve(".git").toFile()).setMustExist(true).build();
    }

    /** Every commit reachable from main, newest first. */
    private static List<RevCommit> allCommits(Repository repo, RevWalk walk) throws IOException {
        walk.reset();
        walk.markStart(walk.parseCommit(repo.resolve("refs/heads/main")));
        List<RevCommit> out = new ArrayList<>();
        for (RevCommit c : walk) {
            out.add(c);
        }
        return out;
    }

    /** The first-parent line of main, newest first. */
    private static List<RevCommit> firstParents(Repository repo, RevWalk walk) throws IOException {
        List<RevCommit> out = new ArrayList<>();
        RevCommit c = walk.parseCommit(repo.resolve("refs/heads/main"));
        while (c != null) {
            out.add(c);
            c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        }
        return out;
    }

    /** The last first-parent commit made before the end (Sunday 24:00 UTC) of week {@code week}. */
    private static RevCommit tipAtEndOfWeek(List<RevCommit> firstParentsNewestFirst, int week) {
        Instant end = START.plusWeeks(week + 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (RevCommit c : firstParentsNewestFirst) {
            if (c.getCommitterIdent().getWhenAsInstant().isBefore(end)) {
                return c;
            }
        }
        throw new AssertionError("no commit before week " + week + " ends");
    }

    private static long weekOf(RevCommit c) {
        return ChronoUnit.DAYS.between(START.atStartOfDay().toInstant(ZoneOffset.UTC),
                c.getCommitterIdent().getWhenAsInstant()) / 7;
    }

    private static Map<String, String> files(Repository repo, RevCommit c, java.util.function.Predicate<String> keep)
            throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                if (keep.test(tw.getPathString())) {
                    out.put(tw.getPathString(),
                            new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static boolean pythonContains(Repository repo, RevCommit c, String needle) throws IOException {
        return files(repo, c, p -> p.endsWith(".py")).values().stream().anyMatch(s -> s.contains(needle));
    }

    private static int count(Map<String, String> files, String needle) {
        int n = 0;
        for (String s : files.values()) {
            for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
                n++;
            }
        }
        return n;
    }

    /** Per repository: every commit id reachable from main plus the tag object ids, in a stable order. */
    private static Map<String, List<String>> ids(List<DemoRepo> created) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (DemoRepo r : created) {
            try (Repository repo = open(r); RevWalk walk = new RevWalk(repo)) {
                List<String> ids = new ArrayList<>();
                for (RevCommit c : allCommits(repo, walk)) {
                    ids.add(c.name());
                }
                for (Ref t : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                    ids.add(t.getName() + "=" + t.getObjectId().name());
                }
                out.put(r.name(), ids);
            }
        }
        return out;
    }
}
