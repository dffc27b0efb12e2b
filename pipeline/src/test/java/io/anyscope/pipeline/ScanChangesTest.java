package io.anyscope.pipeline;

import io.anyscope.analytics.SqlDataTests;
import io.anyscope.analytics.Table;
import io.anyscope.analytics.Warehouse;
import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.anyscope.git.GitFixture.at;
import static io.anyscope.git.GitFixture.ident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changes table from real repositories through the real pipeline, read back with DuckDB, and what the marts make
 * of it: regressions attributed to the commit that changed the file (not the week's last commit), churn as commits in
 * the trailing window, a head scan limited to the churn window, incremental re-runs that list only new commits,
 * rewritten history, missing trees.
 *
 * <p>The repository (weeks are ISO weeks of 2026):
 * <pre>
 * r1  W02 Mon 01-05 10:00 Alice  root: app/a.py, app/b.py, requirements.txt, README.md (not tracked)
 * c2  W03 Tue 01-13 09:00 Bob    app/a.py: + asyncio.create_task                          (the regression)
 * c3  W03 Thu 01-15 17:00 Carol  app/b.py edited                                          (W03's snapshot)
 * c4  W04 Tue 01-20 11:00 Alice  app/b.py renamed to app/c.py; app/a.py made executable (no change);
 *                                 app/link.py a symlink (not tracked)
 * f1  W05 Tue 01-27 08:00 Erin   (branch) app/c.py edited: reaches main through the merge only
 * c5  W05 Tue 01-27 12:00 Dave   app/a.py: + asyncio.get_event_loop                       (a regression)
 * m6  W05 Thu 01-29 10:00 Alice  merge of f1: app/c.py as f1 made it                      (tip)
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanChangesTest {
    static final String A1 = "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n";
    static final String A2 = A1 + "\n\ndef spawn(job):\n    asyncio.create_task(job())\n";
    static final String A3 = A2 + "\n\ndef loop():\n    return asyncio.get_event_loop()\n";
    static final String B1 = "import anyio\n\nasync def run():\n    await anyio.sleep(1)\n";
    static final String B2 = B1 + "\n\nasync def stop():\n    await anyio.sleep(0)\n";
    static final String C2 = B2 + "\n\nasync def more():\n    await anyio.sleep(2)\n";
    static final String REQS = "anyio>=4\n";

    @TempDir
    static Path tmp;
    Path repo;
    ObjectId r1;
    ObjectId c2;
    ObjectId c3;
    ObjectId c4;
    ObjectId f1;
    ObjectId c5;
    ObjectId m6;

    static PersonIdent who(String name, String when) {
        return ident(name, at(when), ZoneOffset.UTC);
    }

    static GitFixture.Entry exec(String content) {
        return new GitFixture.Entry(FileMode.EXECUTABLE_FILE, content.getBytes(StandardCharsets.UTF_8), null);
    }

    @BeforeAll
    void repository() {
        repo = tmp.resolve("team");
        try (GitFixture g = GitFixture.init(repo)) {
            build(g);
        }
    }

    private void build(GitFixture g) {
        r1 = commit(g, "Alice", "2026-01-05T10:00:00Z", Map.of("app/a.py", A1, "app/b.py", B1,
                "requirements.txt", REQS, "README.md", "# team\n"));
        c2 = commit(g, "Bob", "2026-01-13T09:00:00Z", Map.of("app/a.py", A2, "app/b.py", B1,
                "requirements.txt", REQS, "README.md", "# team\n"), r1);
        c3 = commit(g, "Carol", "2026-01-15T17:00:00Z", Map.of("app/a.py", A2, "app/b.py", B2,
                "requirements.txt", REQS, "README.md", "# team\n"), c2);
        c4 = commit(g, "Alice", "2026-01-20T11:00:00Z", Map.of("app/a.py", exec(A2), "app/c.py", B2,
                "app/link.py", GitFixture.symlink("a.py"), "requirements.txt", REQS, "README.md", "# team\n"), c3);
        f1 = g.commit("feature", who("Erin", "2026-01-27T08:00:00Z"), who("Erin", "2026-01-27T08:00:00Z"), "f1",
                Map.of("app/a.py", exec(A2), "app/c.py", C2, "app/link.py", GitFixture.symlink("a.py"),
                        "requirements.txt", REQS, "README.md", "# team\n"), c4);
        c5 = commit(g, "Dave", "2026-01-27T12:00:00Z", Map.of("app/a.py", exec(A3), "app/c.py", B2,
                "app/link.py", GitFixture.symlink("a.py"), "requirements.txt", REQS, "README.md", "# team\n"), c4);
        m6 = g.commit("main", who("Alice", "2026-01-29T10:00:00Z"), who("Alice", "2026-01-29T10:00:00Z"), "merge",
                Map.of("app/a.py", exec(A3), "app/c.py", C2, "app/link.py", GitFixture.symlink("a.py"),
                        "requirements.txt", REQS, "README.md", "# team\n"), c5, f1);
    }

    private static ObjectId commit(GitFixture g, String name, String when, Map<String, ?> files, ObjectId... parents) {
        PersonIdent p = who(name, when);
        return g.commit("main", p, p, name + " at " + when, files, parents);
    }

    private Scan.Outcome scan(Path data, Path r, String history, int churnWeeks, String branch) throws Exception {
        ScanOptions o = TestScans.options(History.Mode.parse(history), tmp.resolve("cache"), 5_000_000, "test");
        o.setBranch(branch);
        o.setChurnWeeks(churnWeeks);
        return Scan.run(List.of(new RepoSpec(r.toString(), r.getFileName().toString(), "t")), data, o,
                new PrintWriter(new StringWriter()));
    }

    static final String CHANGE_ROWS = "SELECT commit_id, coalesce(parent_id, '-'), seq, author, path, change, "
            + "coalesce(old_blob_id, '-'), coalesce(new_blob_id, '-'), parser, coalesce(old_path, '-') FROM changes "
            + "ORDER BY seq, path";

    private List<String> changes(Path data) throws Exception {
        return ParquetRows.rows(data, "SELECT commit_id, seq, author, path, change FROM changes "
                + "ORDER BY seq, path");
    }

    private static String blob(String content) {
        return GitFixture.blobId(content).name();
    }

    @Test
    void weeklyScanListsEveryFirstParentChangeAndAttributesRegressionsToTheCommitThatMadeThem() throws Exception {
        Path data = tmp.resolve("data-weekly");
        Scan.Outcome o = scan(data, repo, "weekly", 8, null);
        assertThat(o.partial()).isFalse();
        // Root: everything tracked is an add (README.md is not tracked). The mode change, the symlink and the
        // merged branch's own commit are not changes; the merge is compared with its first parent only; the move of
        // b.py to c.py is one rename of c.py (it was a delete and an add before renames were detected).
        assertThat(changes(data)).containsExactly(
                r1.name() + " 0 Alice app/a.py add",
                r1.name() + " 0 Alice app/b.py add",
                r1.name() + " 0 Alice requirements.txt add",
                c2.name() + " 1 Bob app/a.py modify",
                c3.name() + " 2 Carol app/b.py modify",
                c4.name() + " 3 Alice app/c.py rename",
                c5.name() + " 4 Dave app/a.py modify",
                m6.name() + " 5 Alice app/c.py modify");
        assertThat(ParquetRows.rows(data, CHANGE_ROWS)).contains(
                r1.name() + " - 0 Alice app/a.py add - " + blob(A1) + " python -",
                c2.name() + " " + r1.name() + " 1 Bob app/a.py modify " + blob(A1) + " " + blob(A2) + " python -",
                c4.name() + " " + c3.name() + " 3 Alice app/c.py rename " + blob(B2) + " " + blob(B2)
                        + " python app/b.py",
                m6.name() + " " + c5.name() + " 5 Alice app/c.py modify " + blob(B2) + " " + blob(C2) + " python -",
                r1.name() + " - 0 Alice requirements.txt add - " + blob(REQS) + " requirements -");
        assertThat(ParquetRows.rows(data, "SELECT DISTINCT strftime(commit_time, '%Y-%m-%d %H:%M'), "
                + "strftime(author_time, '%Y-%m-%d %H:%M') FROM changes WHERE commit_id = '" + c2.name() + "'"))
                .containsExactly("2026-01-13 09:00 2026-01-13 09:00");
        assertThat(o.get("change_commits")).isEqualTo(6);
        assertThat(o.get("changes")).isEqualTo(8);

        try (Warehouse w = Warehouse.open(data)) {
            Table reg = w.query("SELECT week, path, symbol, commit_id, author, author_time, attributed_by, "
                    + "snapshot_commit_id, snapshot_author FROM mart_regressions "
                    + "WHERE symbol LIKE 'asyncio.%' ORDER BY week, line");
            assertThat(reg.rows()).containsExactly(
                    List.of("2026-W03", "app/a.py", "asyncio.create_task", c2.name(), "Bob",
                            LocalDateTime.of(2026, 1, 13, 9, 0), "change", c3.name(), "Carol"),
                    List.of("2026-W05", "app/a.py", "asyncio.get_event_loop", c5.name(), "Dave",
                            LocalDateTime.of(2026, 1, 27, 12, 0), "change", m6.name(), "Alice"));
            // Churn: commits that changed the file in the 8 weeks up to the head commit, following it across the
            // rename: app/c.py counts app/b.py's add and edit, its rename, and the merge's edit (app/b.py was a file
            // of its own, churn 3, and app/c.py had 2, before renames were detected).
            assertThat(w.query("SELECT path, churn, authors FROM mart_file_churn ORDER BY path").rows())
                    .containsExactly(List.of("app/a.py", 3L, 3L), List.of("app/c.py", 4L, 2L),
                            List.of("requirements.txt", 1L, 1L));
            assertThat(w.query("SELECT path, churn FROM mart_hotspot_files").rows())
                    .containsExactly(List.of("app/a.py", 3L));
            // One week: (01-22 10:00, 01-29 10:00] holds c5 and m6 only.
            w.set("anyscope_churn_weeks", "1");
            assertThat(w.query("SELECT path, churn FROM mart_file_churn ORDER BY path").rows())
                    .containsExactly(List.of("app/a.py", 1L), List.of("app/c.py", 1L));
        }
        assertThat(SqlDataTests.failing(data)).isEmpty();
    }

    @Test
    void aHeadScanListsTheChurnWindowOnly() throws Exception {
        Path data = tmp.resolve("data-head");
        Scan.Outcome o = scan(data, repo, "head", 1, null);
        // Tip m6 at 01-29 10:00; one week back is 01-22 10:00: c4 (01-20) is the newest commit at or before it.
        assertThat(changes(data)).containsExactly(c5.name() + " 4 Dave app/a.py modify",
                m6.name() + " 5 Alice app/c.py modify");
        assertThat(o.get("change_commits")).isEqualTo(2);
        assertThat(SqlDataTests.failing(data)).isEmpty();
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT path, churn FROM mart_file_churn ORDER BY path").rows())
                    .containsExactly(List.of("app/a.py", 1L), List.of("app/c.py", 1L));
        }
        // The default window (8 weeks) covers the whole history.
        Path eight = tmp.resolve("data-head-8");
        scan(eight, repo, "head", 8, null);
        assertThat(changes(eight)).hasSize(8);

        // A weekly scan into the head scan's DATA lists the commits before its window, not those it holds: the
        // result is the weekly scan's.
        Scan.Outcome weekly = scan(data, repo, "weekly", 8, null);
        assertThat(weekly.get("change_commits")).isEqualTo(4);
        Path fresh = tmp.resolve("data-weekly-fresh");
        scan(fresh, repo, "weekly", 8, null);
        assertThat(ParquetRows.rows(data, CHANGE_ROWS)).isEqualTo(ParquetRows.rows(fresh, CHANGE_ROWS));
    }

    @Test
    void incrementalRunsListOnlyNewCommitsAndKeepTheOldRows() throws Exception {
        Path work = tmp.resolve("growing");
        try (Git cloned = Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(work.toFile())
                .setBranch("main").call()) {
            Path data = tmp.resolve("data-growing");
            scan(data, work, "weekly", 8, null);
            List<String> before = ParquetRows.rows(data, CHANGE_ROWS);
            assertThat(before).hasSize(8);

            Scan.Outcome same = scan(data, work, "weekly", 8, null);
            assertThat(same.get("change_commits")).isZero();
            assertThat(ParquetRows.rows(data, CHANGE_ROWS)).isEqualTo(before);

            ObjectId c7;
            try (GitFixture g = GitFixture.wrap(work, cloned)) {
                c7 = commit(g, "Frank", "2026-02-03T10:00:00Z", Map.of("app/a.py", exec(A3), "app/c.py", B1,
                        "app/d.py", "import trio\n", "app/link.py", GitFixture.symlink("a.py"),
                        "requirements.txt", REQS, "README.md", "# team\n"), m6);
            }
            Scan.Outcome next = scan(data, work, "weekly", 8, null);
            assertThat(next.get("change_commits")).isEqualTo(1);
            assertThat(next.get("changes")).isEqualTo(2);
            List<String> after = ParquetRows.rows(data, CHANGE_ROWS);
            List<String> added = new ArrayList<>(after);
            added.removeAll(before);
            assertThat(after).containsAll(before).hasSize(10);
            assertThat(added).containsExactly(
                    c7.name() + " " + m6.name() + " 6 Frank app/c.py modify " + blob(C2) + " " + blob(B1)
                            + " python -",
                    c7.name() + " " + m6.name() + " 6 Frank app/d.py add - " + blob("import trio\n") + " python -");
            // the runs table keeps each run's change counters: 8 rows from the six commits before c7 (seq 6), none,
            // then 2 from c7
            assertThat(ParquetRows.rows(data, "SELECT change_commits || ' ' || changes FROM runs "
                    + "ORDER BY started_at, run_id")).containsExactly("6 8", "0 0", "1 2");
            try (Warehouse w = Warehouse.open(data)) {
                assertThat(w.query("SELECT change_commits, changes FROM stg_runs ORDER BY started_at, run_id").rows())
                        .containsExactly(List.of(6L, 8L), List.of(0L, 0L), List.of(1L, 2L));
            }
            assertThat(SqlDataTests.failing(data)).isEmpty();
        }
    }

    @Test
    void rewrittenHistoryReplacesTheRepositorysChanges() throws Exception {
        Path work = tmp.resolve("rewritten");
        try (Git cloned = Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(work.toFile())
                .setBranch("main").call(); GitFixture g = GitFixture.wrap(work, cloned)) {
            Path data = tmp.resolve("data-rewritten");
            scan(data, work, "weekly", 8, null);
            // main is reset to c4 and grows another way: c5 and m6 are no longer history.
            g.setRef("refs/heads/main", c4);
            commit(g, "Grace", "2026-01-28T10:00:00Z", Map.of("app/a.py", A1, "requirements.txt", REQS), c4);
            Scan.Outcome o = scan(data, work, "weekly", 8, null);
            assertThat(o.get("change_commits")).isEqualTo(5);
            Path fresh = tmp.resolve("data-rewritten-fresh");
            scan(fresh, work, "weekly", 8, null);
            assertThat(ParquetRows.rows(data, CHANGE_ROWS)).isEqualTo(ParquetRows.rows(fresh, CHANGE_ROWS))
                    .hasSize(8).noneMatch(r -> r.startsWith(c5.name()) || r.startsWith(m6.name()));
        }
    }

    @Test
    void aCommitWhoseTreesAreMissingIsAnErrorAndItsRepositoryIsListedAgainNextRun() throws Exception {
        Path holes = tmp.resolve("holes");
        ObjectId h2;
        try (GitFixture g = GitFixture.init(holes)) {
            ObjectId h1 = commit(g, "Alice", "2026-03-02T10:00:00Z", Map.of("a.py", A1, "old/x.py", B1));
            h2 = commit(g, "Bob", "2026-03-03T10:00:00Z", Map.of("a.py", A2), h1);
            String tree = g.repo.resolve(h1.name() + ":old").name();
            Files.delete(holes.resolve(".git/objects").resolve(tree.substring(0, 2)).resolve(tree.substring(2)));
        }
        Path data = tmp.resolve("data-holes");
        Scan.Outcome first = scan(data, holes, "weekly", 8, null);
        // Both commits need the missing subtree (the root adds it, the next one deletes it); the snapshot (h2) lists.
        assertThat(first.partial()).isTrue();
        assertThat(ParquetRows.rows(data, "SELECT stage, kind, snapshot FROM errors ORDER BY snapshot"))
                .hasSize(2).allMatch(r -> r.startsWith("changes missing_object "))
                .anyMatch(r -> r.endsWith(h2.name()));
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM changes")).containsExactly("0");
        assertThat(ParquetRows.rows(data, "SELECT path FROM files")).containsExactly("a.py");
        // Nothing is recorded as covered: the next run compares both commits again.
        Scan.Outcome again = scan(data, holes, "weekly", 8, null);
        assertThat(again.get("change_commits")).isZero();
        assertThat(again.get("errors")).isEqualTo(2);
    }

    @Test
    void aHeadScanOfARepositoryWithAMissingAncestorKeepsItsSnapshotAndRecordsTheLostChanges() throws Exception {
        Path damaged = tmp.resolve("damaged");
        ObjectId d2;
        ObjectId d3;
        String gone;
        try (GitFixture g = GitFixture.init(damaged)) {
            ObjectId d1 = commit(g, "Alice", "2026-03-02T10:00:00Z", Map.of("a.py", A1));
            d2 = commit(g, "Bob", "2026-03-03T10:00:00Z", Map.of("a.py", A2), d1);
            d3 = commit(g, "Carol", "2026-03-04T10:00:00Z", Map.of("a.py", A3), d2);
            gone = d1.name();
            Files.delete(damaged.resolve(".git/objects").resolve(gone.substring(0, 2)).resolve(gone.substring(2)));
        }
        Path data = tmp.resolve("data-damaged");
        Scan.Outcome o = scan(data, damaged, "head", 8, null);
        assertThat(o.partial()).isTrue();
        assertThat(ParquetRows.rows(data, "SELECT status FROM repos")).containsExactly("ok");
        assertThat(ParquetRows.rows(data, "SELECT label FROM snapshots")).containsExactly("head");
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM usages")).isNotEqualTo(List.of("0"));
        // The walk stops at the missing commit (an errors row naming it); the commits after it keep their changes,
        // except its child, which has no parent tree to be compared with.
        assertThat(ParquetRows.rows(data, "SELECT stage, kind, snapshot FROM errors"))
                .containsExactly("history missing_object " + gone);
        assertThat(ParquetRows.rows(data, "SELECT commit_id, parent_id, path, change FROM changes"))
                .containsExactly(d3.name() + " " + d2.name() + " a.py modify");
    }
}
