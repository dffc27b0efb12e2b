package io.anyscope.fault;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.anyscope.fault.HistoryFaultSupport.assertCarried;
import static io.anyscope.fault.HistoryFaultSupport.assertNoTrace;
import static io.anyscope.fault.HistoryFaultSupport.commit;
import static io.anyscope.fault.HistoryFaultSupport.corrupt;
import static io.anyscope.fault.HistoryFaultSupport.delete;
import static io.anyscope.fault.HistoryFaultSupport.generationBytes;
import static io.anyscope.fault.HistoryFaultSupport.loose;
import static io.anyscope.fault.HistoryFaultSupport.problemLines;
import static io.anyscope.fault.HistoryFaultSupport.rows;
import static io.anyscope.fault.HistoryFaultSupport.scan;
import static io.anyscope.git.GitFixture.gitlink;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault suite: histories with damaged objects on disk (deleted or overwritten loose objects), and submodules. A week
 * that cannot be read is never an empty week; a missing or corrupt commit does not drop the repository.
 */
class DamagedHistoryFaultTest {
    private static final String A = "import asyncio\nasyncio.run(main())\n";
    private static final String B = "import asyncio\nasyncio.sleep(1)\n";
    private static final String D = "import asyncio\nasyncio.get_event_loop()\n";

    @TempDir
    Path tmp;

    private Path data;
    private Path cache;
    private Map<String, String> before;

    /** A healthy repository scanned alone first: the previous generation the damaged run must not change. */
    private Path healthyGeneration() throws Exception {
        Path dir = tmp.resolve("healthy");
        try (GitFixture g = GitFixture.init(dir)) {
            ObjectId h1 = commit(g, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", Map.of("app.py", A));
            commit(g, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z", Map.of("app.py", A + "asyncio.sleep(2)\n"), h1);
        }
        data = tmp.resolve("data");
        cache = tmp.resolve("cache");
        CommandRun first = scan(data, cache, "weekly", List.of(dir));
        assertThat(first.code()).as(first.err()).isEqualTo(Main.OK);
        before = generationBytes(data);
        return dir;
    }

    private void assertHealthyCompleteAndNothingCommittedChanged() throws Exception {
        assertThat(rows(data, "SELECT s.label, s.status, count(u.line) FROM snapshots s JOIN repos r USING (repo_id) "
                + "JOIN files f USING (repo_id, commit_id) LEFT JOIN usages u USING (blob_id) "
                + "WHERE r.name = 'healthy' GROUP BY ALL ORDER BY 1"))
                .containsExactly("2026-W10 ok 2", "2026-W11 ok 3");
        assertCarried(before, data, "files", "blobs", "usages", "errors", "runs");
    }

    /** The errors rows of the newest run: stage, kind, snapshot (commit) and path. */
    private List<String> newErrors() throws Exception {
        return rows(data, "SELECT stage, kind, snapshot, coalesce(path, '-') FROM errors "
                + "WHERE run_id = (SELECT arg_max(run_id, started_at) FROM runs) ORDER BY stage, snapshot");
    }

    private static List<String> sql(Path data, String query) {
        CommandRun run = CommandRun.of("sql", "--data", data.toString(), "--format", "csv", query);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().lines().skip(1).toList();
    }

    /**
     * Three weekly commits; the middle one has a root tree of its own and a {@code pkg} subtree of its own. The third
     * adds a new legacy site (d.py), the one regression there is.
     */
    private ObjectId[] weeks(Path dir) {
        try (GitFixture g = GitFixture.init(dir)) {
            ObjectId w1 = commit(g, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", Map.of("a.py", A, "pkg/b.py", B));
            ObjectId w2 = commit(g, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z",
                    Map.of("a.py", A, "pkg/b.py", B + "# week 2\n", "c.py", "x = 2\n"), w1);
            ObjectId w3 = commit(g, "2026-03-16T10:00:00Z", "2026-03-16T10:00:00Z",
                    Map.of("a.py", A, "pkg/b.py", B, "c.py", "x = 3\n", "d.py", D), w2);
            return new ObjectId[] {w1, w2, w3};
        }
    }

    /** The weeks, the id of the object deleted, and the run. */
    private record Damaged(ObjectId[] weeks, String gone, CommandRun run) {
    }

    /**
     * After the healthy generation: builds {@link #weeks}, deletes the object week 2's {@code revision} suffix names
     * ({@code ^{tree}}: its root tree, {@code :pkg}: its pkg subtree) and scans both repositories (exit 1, no trace).
     */
    private Damaged scanWeeksWithout(String revision) throws Exception {
        Path healthy = healthyGeneration();
        Path repo = tmp.resolve("weeks");
        ObjectId[] w = weeks(repo);
        String gone;
        try (GitFixture g = GitFixture.wrap(repo, org.eclipse.jgit.api.Git.open(repo.toFile()))) {
            gone = g.repo.resolve(w[1].name() + revision).name();
        }
        delete(repo, gone);
        CommandRun run = scan(data, cache, "weekly", List.of(repo, healthy));
        assertThat(run.code()).as(run.err()).isEqualTo(Main.PARTIAL);
        assertNoTrace(run);
        return new Damaged(w, gone, run);
    }

    @Test
    void aWeekWhoseTreeCannotBeReadIsFailedNotEmptyAndTheNextWeekIsComparedWithTheLastCompleteOne() throws Exception {
        Damaged d = scanWeeksWithout("^{tree}");
        ObjectId[] w = d.weeks();
        String tree = d.gone();
        CommandRun run = d.run();
        // The listing of week 2 and the two comparisons that need its tree: one row and one line each.
        assertThat(newErrors()).containsExactly(
                "changes missing_object " + w[1].name() + " -",
                "changes missing_object " + w[2].name() + " -",
                "list missing_object " + w[1].name() + " -");
        assertThat(problemLines(run)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("anyscope: weeks: "))
                .anySatisfy(l -> assertThat(l).contains("root tree " + tree + " of commit " + w[1].name()
                        + " is missing"));
        assertThat(rows(data, "SELECT s.label, s.status FROM snapshots s JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'weeks' ORDER BY 1"))
                .containsExactly("2026-W10 ok", "2026-W11 failed", "2026-W12 ok");
        // Progress leaves the failed week out (not 0 legacy sites), and week 12 is compared with week 10: the one
        // new site is a regression, the others are not.
        assertThat(sql(data, "SELECT week, legacy_refs FROM mart_progress_repo_week WHERE repo = 'weeks' "
                + "ORDER BY week")).containsExactly("2026-W10,2", "2026-W12,3");
        assertThat(sql(data, "SELECT week, legacy_refs FROM mart_progress_org_week ORDER BY week"))
                .containsExactly("2026-W10,3", "2026-W11,4", "2026-W12,5"); // week 11: its last complete week (2), not 0
        assertThat(sql(data, "SELECT DISTINCT week, previous_week, path FROM mart_regressions "
                + "WHERE repo = 'weeks'")).containsExactly("2026-W12,2026-W10,d.py");
        assertHealthyCompleteAndNothingCommittedChanged();
    }

    @Test
    void aWeekWithAnUnreadableSubtreeIsPartialKeepsItsReadableFilesAndStaysPartial() throws Exception {
        Damaged d = scanWeeksWithout(":pkg");
        ObjectId[] w = d.weeks();
        CommandRun run = d.run();
        assertThat(newErrors()).containsExactly(
                "changes missing_object " + w[1].name() + " -",
                "changes missing_object " + w[2].name() + " -",
                "list missing_object " + w[1].name() + " pkg/");
        assertThat(problemLines(run)).hasSize(3);
        assertThat(rows(data, "SELECT s.label, s.status, string_agg(f.path, ' ' ORDER BY f.path) FROM snapshots s "
                + "JOIN repos r USING (repo_id) JOIN files f USING (repo_id, commit_id) WHERE r.name = 'weeks' "
                + "GROUP BY ALL ORDER BY 1"))
                .containsExactly("2026-W10 ok a.py pkg/b.py", "2026-W11 partial a.py c.py",
                        "2026-W12 ok a.py c.py d.py pkg/b.py");
        assertThat(sql(data, "SELECT week FROM mart_progress_repo_week WHERE repo = 'weeks' ORDER BY week"))
                .containsExactly("2026-W10", "2026-W12");
        assertHealthyCompleteAndNothingCommittedChanged();

        // The next run does not list the partial commit again (no duplicate rows) and keeps its status.
        CommandRun again = scan(data, cache, "weekly", List.of(tmp.resolve("weeks"), tmp.resolve("healthy")));
        assertThat(again.code()).as(again.err()).isEqualTo(Main.PARTIAL);
        assertThat(rows(data, "SELECT s.label, s.status FROM snapshots s JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'weeks' ORDER BY 1"))
                .containsExactly("2026-W10 ok", "2026-W11 partial", "2026-W12 ok");
        assertThat(rows(data, "SELECT count(*) FROM files WHERE commit_id = '" + w[1].name() + "'"))
                .containsExactly("2");
    }

    /** Four weekly commits, the second damaged by {@code damage}; returns them. */
    private ObjectId[] fourWeeks(Path dir) {
        try (GitFixture g = GitFixture.init(dir)) {
            ObjectId c1 = commit(g, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", Map.of("a.py", A));
            ObjectId c2 = commit(g, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z", Map.of("a.py", A + B), c1);
            ObjectId c3 = commit(g, "2026-03-16T10:00:00Z", "2026-03-16T10:00:00Z", Map.of("a.py", B), c2);
            ObjectId c4 = commit(g, "2026-03-23T10:00:00Z", "2026-03-23T10:00:00Z", Map.of("a.py", B + D), c3);
            return new ObjectId[] {c1, c2, c3, c4};
        }
    }

    private void assertHistoryAfterTheGapIsKept(Path repo, ObjectId[] c, String kind, String said) throws Exception {
        Path healthy = tmp.resolve("healthy");
        CommandRun run = scan(data, cache, "weekly", List.of(repo, healthy));

        assertThat(run.code()).as(run.err()).isEqualTo(Main.PARTIAL);
        assertNoTrace(run);
        assertThat(newErrors()).containsExactly("history " + kind + " " + c[1].name() + " -");
        assertThat(problemLines(run)).singleElement().satisfies(l -> assertThat(l)
                .startsWith("anyscope: " + repo + ": ")
                .contains("commit " + c[1].name() + ", first parent of " + c[2].name() + " (2026-03-16), is " + said,
                        "the history before it is not read"));
        assertThat(rows(data, "SELECT name, status FROM repos WHERE name = 'gap'")).containsExactly("gap ok");
        assertThat(rows(data, "SELECT s.label, s.commit_id, s.status FROM snapshots s JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'gap' ORDER BY 1"))
                .containsExactly("2026-W12 " + c[2].name() + " ok", "2026-W13 " + c[3].name() + " ok");
        // The commit after the gap has no parent to be compared with; the others keep their changes.
        assertThat(rows(data, "SELECT c.commit_id, c.change FROM changes c JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'gap'")).containsExactly(c[3].name() + " modify");
        assertThat(sql(data, "SELECT week, legacy_refs FROM mart_progress_repo_week WHERE repo = 'gap' "
                + "ORDER BY week")).containsExactly("2026-W12,1", "2026-W13,2");
        assertHealthyCompleteAndNothingCommittedChanged();
    }

    /** What is done to the second of four commits on disk, and what the errors row and the line must say. */
    enum CommitDamage {
        MISSING("missing_object", "missing"),
        OVERWRITTEN("corrupt", "corrupt"),
        TRUNCATED("corrupt", "corrupt");

        final String kind;
        final String said;

        CommitDamage(String kind, String said) {
            this.kind = kind;
            this.said = said;
        }

        void apply(Path repo, String id) throws java.io.IOException {
            switch (this) {
                case MISSING -> delete(repo, id);
                case OVERWRITTEN -> corrupt(repo, id);
                case TRUNCATED -> {
                    Path f = loose(repo, id);
                    byte[] bytes = Files.readAllBytes(f);
                    f.toFile().setWritable(true);
                    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
                }
            }
        }
    }

    /** A missing commit is reported missing; an overwritten or truncated one corrupt (not "missing"). */
    @ParameterizedTest
    @EnumSource(CommitDamage.class)
    void aDamagedCommitInTheMiddleKeepsTheHistoryAfterIt(CommitDamage damage) throws Exception {
        healthyGeneration();
        Path repo = tmp.resolve("gap");
        ObjectId[] c = fourWeeks(repo);
        damage.apply(repo, c[1].name());
        assertHistoryAfterTheGapIsKept(repo, c, damage.kind, damage.said);
    }

    @Test
    void everySubmoduleIsNotedOnceWhateverItsName() throws Exception {
        Path healthy = healthyGeneration();
        Path repo = tmp.resolve("mods");
        try (GitFixture g = GitFixture.init(repo)) {
            ObjectId prev = null;
            for (int week = 0; week < 3; week++) {
                Map<String, Object> files = new LinkedHashMap<>();
                files.put("app.py", A + "x = " + week + "\n");
                files.put("vendor/lib", gitlink("89abcdef0123456789abcdef0123456789abcdef"));
                files.put("tools.py", gitlink("0123456789abcdef0123456789abcdef01234567"));
                String when = "2026-03-" + String.format("%02d", 2 + 7 * week) + "T10:00:00Z";
                prev = prev == null ? commit(g, when, when, files) : commit(g, when, when, files, prev);
            }
        }

        CommandRun run = scan(data, cache, "weekly", List.of(repo, healthy));

        // A note, not a failure; each submodule once, though all three snapshots hold them.
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertNoTrace(run);
        assertThat(rows(data, "SELECT stage, kind, path, blob_id FROM errors "
                + "WHERE run_id = (SELECT arg_max(run_id, started_at) FROM runs) ORDER BY path"))
                .containsExactly("list submodule tools.py 0123456789abcdef0123456789abcdef01234567",
                        "list submodule vendor/lib 89abcdef0123456789abcdef0123456789abcdef");
        assertThat(problemLines(run)).containsExactlyInAnyOrder(
                "anyscope: mods: tools.py: submodule at commit 0123456789abcdef0123456789abcdef01234567, not followed",
                "anyscope: mods: vendor/lib: submodule at commit 89abcdef0123456789abcdef0123456789abcdef, "
                        + "not followed");
        assertThat(rows(data, "SELECT s.label, s.status FROM snapshots s JOIN repos r USING (repo_id) "
                + "WHERE r.name = 'mods' ORDER BY 1")).containsExactly("2026-W10 ok", "2026-W11 ok", "2026-W12 ok");
        assertHealthyCompleteAndNothingCommittedChanged();
    }
}
