package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import io.anyscope.git.History;
import io.anyscope.git.RepoSpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.anyscope.git.GitFixture.file;
import static io.anyscope.pipeline.ParquetRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real pipeline over real repositories: a service with a merge, a gap week, a rename and tags, and a fork of it
 * that shares its history. Results are read back from Parquet through DuckDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanEndToEndTest {
    static final String MAIN_V1 = "import asyncio\n\nasync def run():\n    await asyncio.sleep(1)\n";
    static final String MAIN_V2 = "import anyio\n\nasync def run():\n    await anyio.sleep(1)\n";
    static final String TASKS = "import asyncio\n\ndef start(x):\n    asyncio.create_task(x())\n";
    static final String FEAT = "import trio\n\ntrio.run(main)\n";
    static final String FORK_JOBS = "import asyncio\n\ndef start(x):\n    asyncio.create_task(x())\n"
            + "    asyncio.gather()\n";
    static final String PYPROJECT = "[project]\nname = \"svc\"\ndependencies = [\"anyio>=4\", \"requests\"]\n";

    @TempDir
    static Path tmp;
    Path service;
    Path fork;
    ObjectId c2;
    ObjectId m4;
    ObjectId c5;
    ObjectId f6;

    @BeforeAll
    void repositories() throws Exception {
        service = tmp.resolve("service");
        try (GitFixture g = GitFixture.init(service)) {
            g.commit("main", "2026-01-05T10:00:00Z", Map.of("app/main.py", MAIN_V1, "pyproject.toml", PYPROJECT,
                    "README.md", "# svc\n"));
            ObjectId c1 = g.repo.resolve("main");
            c2 = g.commit("main", "2026-01-07T10:00:00Z", Map.of("app/main.py", MAIN_V1,
                    "pyproject.toml", PYPROJECT, "app/tasks.py", TASKS, "README.md", "# svc\n"), c1);
            // W03: no commit. W04: a feature branch merged; the merge's second parent must never be a snapshot.
            ObjectId feat = g.commit("feature", "2026-01-20T09:00:00Z", Map.of("app/main.py", MAIN_V1,
                    "pyproject.toml", PYPROJECT, "app/tasks.py", TASKS, "app/feat.py", FEAT), c2);
            m4 = g.commit("main", "2026-01-21T12:00:00Z", Map.of("app/main.py", MAIN_V1,
                    "pyproject.toml", PYPROJECT, "app/tasks.py", TASKS, "app/feat.py", FEAT), c2, feat);
            g.annotatedTag("v1", m4, "2026-01-21T12:05:00Z");
            // W05: tasks.py renamed (same blob), main.py migrated.
            c5 = g.commit("main", "2026-01-27T10:00:00Z", Map.of("app/main.py", MAIN_V2,
                    "pyproject.toml", PYPROJECT, "app/jobs.py", TASKS, "app/feat.py", FEAT), m4);
            ObjectId side = g.commit("side", "2026-01-28T10:00:00Z", Map.of("app/side.py", "import trio\n"), c5);
            g.lightweightTag("side-tag", side);
        }
        fork = tmp.resolve("fork");
        try (Git cloned = Git.cloneRepository().setURI(service.toUri().toString()).setDirectory(fork.toFile())
                .setBranch("main").call(); GitFixture g = GitFixture.wrap(fork, cloned)) {
            f6 = g.commit("main", "2026-02-03T10:00:00Z", Map.of("app/main.py", MAIN_V2,
                    "pyproject.toml", PYPROJECT, "app/jobs.py", FORK_JOBS, "app/feat.py", FEAT), c5);
        }
    }

    private Scan.Outcome scan(Path data, Path... repos) throws Exception {
        List<RepoSpec> specs = new ArrayList<>();
        for (Path r : repos) {
            specs.add(new RepoSpec(r.toString(), r.getFileName().toString(), "team-" + r.getFileName()));
        }
        return Scan.run(specs, data, TestScans.options(History.Mode.WEEKLY, tmp.resolve("cache"), 5_000_000, "test"),
                new PrintWriter(new StringWriter()));
    }

    @Test
    void weeklyScanWritesExactSnapshotsFilesAndFacts() throws Exception {
        Path data = tmp.resolve("data-weekly");
        Scan.Outcome o = scan(data, service, fork);
        assertThat(o.partial()).isFalse();
        String svc = new RepoSpec(service.toString(), "service", null).repoId();
        String frk = new RepoSpec(fork.toString(), "fork", null).repoId();
        assertThat(rows(data, "SELECT label, kind, commit_id, repeated, is_head FROM snapshots WHERE repo_id = '"
                + svc + "' ORDER BY label")).containsExactly(
                "2026-W02 week " + c2.name() + " false false",
                "2026-W03 week " + c2.name() + " true false",
                "2026-W04 week " + m4.name() + " false false",
                "2026-W05 week " + c5.name() + " false true");
        assertThat(rows(data, "SELECT label, commit_id FROM snapshots WHERE repo_id = '" + frk + "' ORDER BY label"))
                .containsExactly("2026-W02 " + c2.name(), "2026-W03 " + c2.name(), "2026-W04 " + m4.name(),
                        "2026-W05 " + c5.name(), "2026-W06 " + f6.name());
        // Only tracked files; the rename keeps the blob; README.md is not listed.
        assertThat(rows(data, "SELECT path, parser FROM files WHERE repo_id = '" + svc + "' AND commit_id = '"
                + c5.name() + "' ORDER BY path")).containsExactly("app/feat.py python", "app/jobs.py python",
                "app/main.py python", "pyproject.toml pyproject");
        assertThat(rows(data, "SELECT count(*) FROM files")).containsExactly("26");
        // Six distinct (blob, parser): the fork's shared blobs and the renamed file are read once.
        assertThat(o.get("files")).isEqualTo(26);
        assertThat(o.get("distinct_blobs")).isEqualTo(6);
        assertThat(rows(data, "SELECT count(*) FROM blobs")).containsExactly("6");
        assertThat(rows(data, "SELECT count(*) FROM usages")).containsExactly("11");
        assertThat(rows(data, "SELECT name, value, section FROM config_facts"))
                .containsExactly("anyio >=4 project.dependencies");
        assertThat(o.get("facts")).isEqualTo(12);
        // Facts at the service's head, through files and snapshots.
        assertThat(rows(data, "SELECT DISTINCT u.symbol FROM snapshots s JOIN files f USING (repo_id, commit_id) "
                + "JOIN usages u USING (blob_id) WHERE s.repo_id = '" + svc + "' AND s.is_head ORDER BY 1"))
                .containsExactly("anyio", "anyio.sleep", "asyncio", "asyncio.create_task", "trio", "trio.run");
        assertThat(rows(data, "SELECT name, team, status, default_branch, head_commit FROM repos ORDER BY name"))
                .containsExactly("fork team-fork ok main " + f6.name(), "service team-service ok main " + c5.name());
        assertThat(rows(data, "SELECT status, repos, snapshots, files, distinct_blobs, facts FROM runs"))
                .containsExactly("ok 2 9 26 6 12");
    }

    @Test
    void secondRunReadsOnlyWhatIsNew() throws Exception {
        Path work = tmp.resolve("growing");
        try (Git cloned = Git.cloneRepository().setURI(service.toUri().toString()).setDirectory(work.toFile())
                .setBranch("main").call()) {
            Path data = tmp.resolve("data-incremental");
            Scan.Outcome first = scan(data, work);
            assertThat(first.get("distinct_blobs")).isEqualTo(5);
            List<String> before = rows(data, "SELECT * FROM usages ORDER BY ALL");

            Scan.Outcome again = scan(data, work);
            assertThat(again.get("new_snapshots")).isZero();
            assertThat(again.get("files")).isZero();
            assertThat(again.get("distinct_blobs")).isZero();
            assertThat(again.get("parsed_blobs")).isZero();
            assertThat(rows(data, "SELECT * FROM usages ORDER BY ALL")).isEqualTo(before);
            assertThat(rows(data, "SELECT count(*), count(DISTINCT (repo_id, label)) FROM snapshots"))
                    .containsExactly("4 4");
            assertThat(rows(data, "SELECT count(*) FROM runs")).containsExactly("2");

            try (GitFixture g = GitFixture.wrap(work, cloned)) {
                g.commit("main", "2026-02-04T10:00:00Z", Map.of("app/main.py", MAIN_V2,
                        "pyproject.toml", PYPROJECT, "app/jobs.py", TASKS, "app/feat.py", FEAT,
                        "app/new.py", "import asyncio\nasyncio.get_event_loop()\n"), c5);
            }
            Scan.Outcome third = scan(data, work);
            assertThat(third.get("new_snapshots")).isEqualTo(1);
            assertThat(third.get("files")).isEqualTo(5);
            assertThat(third.get("distinct_blobs")).isEqualTo(1);
            assertThat(rows(data, "SELECT label FROM snapshots ORDER BY label")).containsExactly(
                    "2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06");
            assertThat(rows(data, "SELECT count(*) FROM usages")).containsExactly(String.valueOf(before.size() + 2));
            assertThat(rows(data, "SELECT count(*) FROM runs")).containsExactly("3");
            assertThat(Files.list(data.resolve("generations")).count()).isEqualTo(1);
            assertThat(Files.exists(data.resolve(DataSet.STAGING))).isFalse();
        }
    }

    @Test
    void aCatalogOrExtractorChangeExtractsEveryKnownBlobAgain() throws Exception {
        // A data set written by another catalog or extractor version (as an older anyscope release writes it): its
        // blob tables cannot be carried over, and the commits that hold those blobs are not listed again, so the
        // next run must extract them again; the facts of earlier snapshots must not disappear.
        Path data = tmp.resolve("data-new-catalog");
        scan(data, service, fork);
        List<String> usages = rows(data, "SELECT * FROM usages ORDER BY ALL");
        List<String> perSnapshot = rows(data, "SELECT s.repo_id, s.label, count(u.blob_id) FROM snapshots s "
                + "JOIN files f USING (repo_id, commit_id) LEFT JOIN usages u USING (blob_id) GROUP BY ALL ORDER BY ALL");
        assertThat(usages).hasSize(11);
        Path manifest = data.resolve("current").toRealPath().resolve("manifest.json");
        String text = Files.readString(manifest);
        String version = "\"extraction_version\" : \"" + Scan.extractionVersion(io.anyscope.catalog.Catalog.loadDefault())
                + "\"";
        assertThat(text).contains(version);
        manifest.toFile().setWritable(true);
        Files.writeString(manifest, text.replace(version, "\"extraction_version\" : \"2020.01.1/x0\""));

        StringWriter err = new StringWriter();
        List<RepoSpec> specs = List.of(new RepoSpec(service.toString(), "service", "team-service"));
        Scan.Outcome again = Scan.run(specs, data, TestScans.options(History.Mode.WEEKLY, tmp.resolve("cache"),
                5_000_000, "test"), new PrintWriter(err, true));
        assertThat(again.partial()).isFalse();
        assertThat(again.get("files")).as("no commit is listed again").isZero();
        assertThat(again.get("distinct_blobs")).as("the service's five blobs are extracted again").isEqualTo(5);
        assertThat(err.toString()).contains("5 blob(s) of earlier snapshots have no facts for this catalog and "
                + "extractor (written by another version): extracting them; "
                + "1 repository not in this run keeps its snapshots but has no facts until it is scanned again");
        String svc = new RepoSpec(service.toString(), "service", null).repoId();
        assertThat(rows(data, "SELECT s.repo_id, s.label, count(u.blob_id) FROM snapshots s "
                + "JOIN files f USING (repo_id, commit_id) LEFT JOIN usages u USING (blob_id) WHERE s.repo_id = '"
                + svc + "' GROUP BY ALL ORDER BY ALL"))
                .isEqualTo(perSnapshot.stream().filter(r -> r.startsWith(svc + " ")).toList());

        // The fork, scanned again, has its facts back (its own blob was left out by the run above): the data set
        // equals one written by this version; a further run has nothing left to extract.
        Scan.Outcome fork2 = scan(data, service, fork);
        assertThat(fork2.get("distinct_blobs")).isEqualTo(1);
        assertThat(rows(data, "SELECT * FROM usages ORDER BY ALL")).isEqualTo(usages);
        assertThat(rows(data, "SELECT s.repo_id, s.label, count(u.blob_id) FROM snapshots s "
                + "JOIN files f USING (repo_id, commit_id) LEFT JOIN usages u USING (blob_id) GROUP BY ALL ORDER BY ALL"))
                .isEqualTo(perSnapshot);
        assertThat(scan(data, service, fork).get("distinct_blobs")).isZero();
    }

    @Test
    void aRepositoryThatFailsOrANarrowerWindowKeepsEarlierSnapshots() throws Exception {
        Path work = tmp.resolve("vanishing");
        Git.cloneRepository().setURI(service.toUri().toString()).setDirectory(work.toFile()).setBranch("main").call()
                .close();
        Path data = tmp.resolve("data-keep");
        scan(data, work);
        List<String> before = rows(data, "SELECT label, commit_id, is_head FROM snapshots ORDER BY label");
        assertThat(before).hasSize(4);

        // A narrower window re-emits only its weeks; the older ones stay, the head stays unique.
        ScanOptions since = TestScans.options(History.Mode.WEEKLY, tmp.resolve("cache"), 5_000_000, "t");
        since.setSince("2026-01-26");
        Scan.Outcome narrow = Scan.run(List.of(new RepoSpec(work.toString(), "vanishing", null)), data, since,
                new PrintWriter(new StringWriter()));
        assertThat(narrow.get("snapshots")).isEqualTo(1);
        assertThat(rows(data, "SELECT label, commit_id, is_head FROM snapshots ORDER BY label")).isEqualTo(before);

        // The repository disappears: the run records the failure and keeps what was known.
        Path moved = tmp.resolve("vanishing-moved");
        Files.move(work, moved);
        Scan.Outcome failed = scan(data, work);
        assertThat(failed.partial()).isTrue();
        assertThat(rows(data, "SELECT label, commit_id, is_head FROM snapshots ORDER BY label")).isEqualTo(before);
        assertThat(rows(data, "SELECT status FROM repos")).containsExactly("failed");
        Files.move(moved, work);
        scan(data, work);
        assertThat(rows(data, "SELECT status FROM repos")).containsExactly("ok");
        assertThat(rows(data, "SELECT label, commit_id, is_head FROM snapshots ORDER BY label")).isEqualTo(before);
    }

    @Test
    void historyModeFromTheCommandLineInAnyCase() throws Exception {
        // --history is parsed once, on the command line, and travels as a History.Mode: in Beam options built from
        // arguments (--buckets is one of Beam's), and in the request when there are none.
        Path weekly = tmp.resolve("data-cli-weekly");
        CommandRun weeklyRun = CommandRun.of("scan", "--history=weekly", "--out", weekly.toString(),
                "--no-progress", "--buckets=2", service.toString());
        assertThat(weeklyRun.code()).as(weeklyRun.err()).isEqualTo(io.anyscope.cli.Main.OK);
        assertThat(rows(weekly, "SELECT DISTINCT kind FROM snapshots ORDER BY 1")).containsExactly("week");
        Path monthly = tmp.resolve("data-cli-monthly");
        CommandRun monthlyRun = CommandRun.of("scan", "--history", "MONTHLY", "--out", monthly.toString(),
                "--no-progress", service.toString());
        assertThat(monthlyRun.code()).as(monthlyRun.err()).isEqualTo(io.anyscope.cli.Main.OK);
        assertThat(rows(monthly, "SELECT DISTINCT kind FROM snapshots ORDER BY 1")).containsExactly("month");
    }

    @Test
    void repositoriesNotInARunKeepTheirRows() throws Exception {
        Path data = tmp.resolve("data-carry");
        scan(data, service, fork);
        scan(data, service);
        assertThat(rows(data, "SELECT name FROM repos ORDER BY name")).containsExactly("fork", "service");
        assertThat(rows(data, "SELECT count(*) FROM snapshots")).containsExactly("9");
    }
}
