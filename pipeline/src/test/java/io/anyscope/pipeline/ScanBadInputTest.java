package io.anyscope.pipeline;

import io.anyscope.cli.CommandRun;
import io.anyscope.cli.Main;
import io.anyscope.data.Tables;
import io.anyscope.extract.FileKinds;
import io.anyscope.git.GitFixture;
import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.anyscope.git.GitFixture.bytes;
import static io.anyscope.git.GitFixture.gitlink;
import static io.anyscope.git.GitFixture.symlink;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input never stops a run: each case is recorded, named on stderr, and the rest is written. */
class ScanBadInputTest {
    @TempDir
    Path tmp;

    /**
     * A note met again prints once: setup.py's install_requires is no literal list in two contents of the file, each
     * in several weekly snapshots. stderr says it once; the summary gives the times it was met and the errors table's
     * rows (OutstandingErrors keeps a note once).
     */
    @Test
    void aNoteMetInManySnapshotsPrintsOneLineAndTheSummaryCountsTheTablesRows() throws Exception {
        Path repo = tmp.resolve("setup-repo");
        String v1 = "from setuptools import setup\nsetup(name='a', install_requires=open('r.txt').read().split())\n";
        String v2 = "from setuptools import setup\nsetup(name='b', install_requires=open('r.txt').read().split())\n";
        try (GitFixture g = GitFixture.init(repo)) { // each commit's whole tree, on the one before
            ObjectId c = g.commit("main", "2026-03-02T10:00:00Z", Map.of("setup.py", v1, "a.py", "import asyncio\n"));
            c = g.commit("main", "2026-03-10T10:00:00Z", Map.of("setup.py", v1, "a.py", "import asyncio\nx = 1\n"), c);
            c = g.commit("main", "2026-03-17T10:00:00Z", Map.of("setup.py", v2, "a.py", "import asyncio\nx = 1\n"), c);
            g.commit("main", "2026-03-24T10:00:00Z", Map.of("setup.py", v2, "a.py", "import anyio\n"), c);
        }
        Path data = tmp.resolve("data");
        CommandRun run = CommandRun.withProcessErr("scan", repo.toString(), "--history", "weekly", "--until", "2026-03-31",
                "--out", data.toString(), "--no-progress");
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        List<String> lines = run.err().lines().filter(l -> l.contains("is not a literal list")).toList();
        assertThat(lines).as(run.err() + run.out()).containsExactly(
                "anyscope: setup-repo: setup.py: install_requires is not a literal list");
        // met once per content (two), kept as the table keeps notes, and the summary says both
        String rows = ParquetRows.rows(data, "SELECT count(*) FROM errors").get(0);
        assertThat(Integer.parseInt(rows)).isPositive();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("problems met (\\d+) \\(failed inputs 0\\); "
                + "errors table rows (\\d+)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(m.group(2)).isEqualTo(rows);
    }

    /**
     * Two clones named alike (org-a/repo, org-b/repo, each with a setup.py to note): each stderr line names its own
     * repository, as the reports name it, and the names of the repos table tell them apart.
     */
    @Test
    void repositoriesOfOneNameAreToldApartOnStderrAndInTheData() throws Exception {
        List<String> list = new java.util.ArrayList<>();
        for (String org : List.of("org-a", "org-b")) {
            Path repo = tmp.resolve(org).resolve("repo");
            try (GitFixture g = GitFixture.init(repo)) {
                g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\n", "setup.py",
                        "from setuptools import setup\nsetup(name='" + org + "', install_requires=deps())\n"));
            }
            list.add(repo.toString());
        }
        Path repos = tmp.resolve("repos.txt");
        Files.write(repos, list);
        Path data = tmp.resolve("data");
        CommandRun run = CommandRun.withProcessErr("scan", "--repos", repos.toString(), "--out", data.toString(),
                "--no-progress");
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.err().lines().filter(l -> l.contains("is not a literal list")).sorted().toList())
                .as(run.err()).containsExactly(
                        "anyscope: org-a/repo: setup.py: install_requires is not a literal list",
                        "anyscope: org-b/repo: setup.py: install_requires is not a literal list");
        assertThat(ParquetRows.rows(data, "SELECT name FROM repos ORDER BY name"))
                .containsExactly("org-a/repo", "org-b/repo");
        assertThat(ParquetRows.rows(data, "SELECT DISTINCT repo FROM errors ORDER BY repo"))
                .containsExactly("org-a/repo", "org-b/repo");
    }

    @Test
    void everyKindOfBadInputIsRecordedAndTheRunGoesOn() throws Exception {
        // One repository with every bad file next to a good one.
        Path messy = tmp.resolve("messy");
        try (GitFixture g = GitFixture.init(messy)) {
            Map<String, Object> files = new HashMap<>();
            files.put("ok.py", "import asyncio\nasyncio.run(main())\n");
            files.put("big.py", "import asyncio\n" + "x = 1\n".repeat(400));
            files.put("bin.py", bytes(new byte[] {'i', 'm', 0, 0, 1, 2}));
            files.put("latin.py", bytes("import asyncio\ns = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1)));
            files.put("broken.py", "import asyncio\ndef f(:\n    asyncio.sleep(1)\n");
            files.put("link.py", symlink("ok.py"));
            files.put("vendored.py", gitlink("0123456789abcdef0123456789abcdef01234567"));
            files.put("pyproject.toml", "[project\nname = 1\n");
            g.commit("main", "2026-03-02T10:00:00Z", files);
        }
        // A repository whose blob is gone (a partial or damaged clone).
        Path holes = tmp.resolve("holes");
        try (GitFixture g = GitFixture.init(holes)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("gone.py", "import trio\n", "kept.py", "import trio\n"
                    + "trio.run(main)\n"));
            ObjectId gone = g.blobId("import trio\n");
            String hex = gone.name();
            Files.delete(holes.resolve(".git/objects").resolve(hex.substring(0, 2)).resolve(hex.substring(2)));
        }
        // A repository whose pack is corrupt.
        Path corrupt = tmp.resolve("corrupt");
        try (GitFixture g = GitFixture.init(corrupt)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import asyncio\n".repeat(50)));
            g.git.gc().setAggressive(false).call();
        }
        try (Stream<Path> s = Files.walk(corrupt.resolve(".git/objects/pack"))) {
            Path pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
            try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
                f.seek(20);
                f.write(new byte[64]);
            }
        }
        Path notRepo = Files.createDirectories(tmp.resolve("plain-dir"));
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, String.join("\n",
                "# location name team",
                messy + " messy core",
                holes + " holes core",
                corrupt + " corrupt core",
                tmp.resolve("does-not-exist") + " missing core",
                notRepo + " plain core",
                "https://alice:s3cr3t-t0ken@127.0.0.1:9/org/private.git private core") + "\n");
        Path data = tmp.resolve("data");
        // Workers report bad files on the process's stderr (on any runner), so capture that too.
        CommandRun run = CommandRun.withProcessErr("scan", "--repos", list.toString(), "--out", data.toString(),
                "--cache", tmp.resolve("cache").toString(), "--max-file-size", "1000", "--no-progress",
                "--gitTimeoutSeconds=5");
        int rc = run.code();
        String stderr = run.err();

        assertThat(rc).as(stderr).isEqualTo(Main.PARTIAL);
        // The good parts are written.
        assertThat(ParquetRows.rows(data, "SELECT DISTINCT u.symbol FROM files f JOIN usages u USING (blob_id) "
                + "WHERE f.path IN ('ok.py', 'kept.py', 'latin.py', 'broken.py') ORDER BY 1"))
                .contains("asyncio", "asyncio.run", "trio", "trio.run");
        // Each bad input has its row, with the repository and the path.
        assertThat(ParquetRows.rows(data, "SELECT e.kind || ' ' || coalesce(e.path, '-') || ' ' || r.name "
                + "FROM errors e JOIN repos r USING (repo_id) ORDER BY 1"))
                .contains("too_large big.py messy", "binary bin.py messy", "decode latin.py messy",
                        "syntax broken.py messy", "symlink link.py messy", "submodule vendored.py messy",
                        "config pyproject.toml messy", "missing_object gone.py holes");
        assertThat(ParquetRows.rows(data, "SELECT name || ' ' || status FROM repos ORDER BY 1"))
                .containsExactly("corrupt failed", "holes ok", "messy ok", "missing failed", "plain failed",
                        "private failed");
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM errors WHERE stage IN ('open', 'fetch', "
                + "'history') OR kind = 'corrupt'")).allSatisfy(n -> assertThat(Integer.parseInt(n)).isGreaterThanOrEqualTo(4));
        // Clear lines on stderr naming repository and path.
        assertThat(stderr).contains("anyscope: messy: big.py:", "anyscope: messy: bin.py:", "anyscope: holes: gone.py:");
        assertThat(stderr).contains("does-not-exist");
        // The token never appears: not on the terminal, not in any file written.
        assertThat(stderr + run.out()).doesNotContain("s3cr3t-t0ken");
        OutputFiles.assertNoneContains(data, "s3cr3t-t0ken");
        assertThat(ParquetRows.rows(data, "SELECT url FROM repos WHERE name = 'private'"))
                .containsExactly("https://***@127.0.0.1:9/org/private.git");
    }

    @Test
    void blobsOfARepositoryThatCannotBeOpenedForReadingGetTheOpenersKind() throws Exception {
        // Listing and reading are separate stages (on a cluster, separate machines): a repository listed fine may be
        // gone, or unreadable, when its blobs are read. Each of its blobs is then an errors row with the kind the
        // opener gave (not 'corrupt' for all), and the blobs of readable repositories are read as usual.
        String trio = "import trio\ntrio.run(main)\n";
        String anyio = "import anyio\nanyio.run(main)\n";
        Path good = tmp.resolve("good");
        Path badConfig = tmp.resolve("bad-config");
        ObjectId trioBlob;
        ObjectId anyioBlob;
        try (GitFixture g = GitFixture.init(good)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", trio, "b.py", anyio));
            trioBlob = g.blobId(trio);
            anyioBlob = g.blobId(anyio);
        }
        try (GitFixture g = GitFixture.init(badConfig)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", trio));
        }
        Files.writeString(badConfig.resolve(".git/config"), "[core\nthis is not a git config\n");
        RepoSpec goodSpec = new RepoSpec(good.toString(), "good", null);
        List<BlobTask> tasks = List.of(
                task(goodSpec, trioBlob, "a.py"),
                task(goodSpec, anyioBlob, "b.py"),
                task(new RepoSpec(tmp.resolve("gone").toString(), "gone", null), trioBlob, "gone.py"),
                task(new RepoSpec("https://127.0.0.1:9/org/uncached.git", "uncached", null), trioBlob,
                        "uncached.py"),
                task(new RepoSpec(badConfig.toString(), "bad-config", null), trioBlob, "bad-config.py"));

        Path staging = tmp.resolve("staging");
        Pipeline p = stagePipeline(staging);
        PCollectionTuple x = p.apply(Create.of(tasks).withCoder(BlobTask.coder()))
                .apply(new ExtractBlobs());
        runQuietly(p, staging, x, ExtractBlobs.BLOBS, Tables.BLOBS);

        assertThat(ParquetRows.tableRows(staging.resolve(Tables.ERRORS), "SELECT stage || ' ' || kind || ' ' || path || ' ' "
                + "|| repo FROM t ORDER BY path")).containsExactly(
                "read corrupt bad-config.py bad-config",
                "read missing_repo gone.py gone",
                "read missing_repo uncached.py uncached");
        assertThat(ParquetRows.tableRows(staging.resolve(Tables.BLOBS), "SELECT blob_id || ' ' || status FROM t WHERE "
                + "status = 'ok' ORDER BY 1")).containsExactlyInAnyOrder(trioBlob.name() + " ok",
                anyioBlob.name() + " ok");
    }

    @Test
    void changesOfARepositoryThatCannotBeOpenedForReadingGetTheOpenersKind() throws Exception {
        // The changes stage, like the read stage, may find a listed repository gone or unreadable: one errors row
        // per change run with the opener's kind and words, and the other repositories' changes are listed.
        Path good = tmp.resolve("changes-good");
        Path badConfig = tmp.resolve("changes-bad-config");
        ObjectId tip;
        try (GitFixture g = GitFixture.init(good)) {
            tip = g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import trio\n", "b.py", "x = 1\n"));
        }
        try (GitFixture g = GitFixture.init(badConfig)) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("a.py", "import trio\n"));
        }
        Files.writeString(badConfig.resolve(".git/config"), "[core\nthis is not a git config\n");
        RepoSpec goodSpec = new RepoSpec(good.toString(), "good", null);
        List<ChangeTask> tasks = List.of(
                new ChangeTask(goodSpec, goodSpec.repoId(), tip.name(), 0, 1, 0),
                changeTask(new RepoSpec(tmp.resolve("changes-gone").toString(), "gone", null), tip),
                changeTask(new RepoSpec("https://127.0.0.1:9/org/uncached.git", "uncached", null), tip),
                changeTask(new RepoSpec(badConfig.toString(), "bad-config", null), tip));

        Path staging = tmp.resolve("changes-staging");
        Pipeline p = stagePipeline(staging);
        PCollectionTuple x = p.apply(Create.of(tasks).withCoder(ChangeTask.coder()))
                .apply(new ListChanges(4));
        runQuietly(p, staging, x, ListChanges.CHANGES, Tables.CHANGES);

        assertThat(ParquetRows.tableRows(staging.resolve(Tables.ERRORS), "SELECT stage || ' ' || kind || ' ' || repo "
                + "FROM t ORDER BY repo")).containsExactly(
                "changes corrupt bad-config",
                "changes missing_repo gone",
                "changes missing_repo uncached");
        assertThat(ParquetRows.tableRows(staging.resolve(Tables.ERRORS), "SELECT message FROM t WHERE repo = 'gone'"))
                .singleElement().asString().contains("changes-gone").doesNotContain("cannot walk");
        assertThat(ParquetRows.tableRows(staging.resolve(Tables.CHANGES), "SELECT path || ' ' || change FROM t ORDER BY 1"))
                .containsExactly("a.py add", "b.py add");
    }

    /** A pipeline for one stage of a scan, staging into {@code staging} as run "run-1". */
    private Pipeline stagePipeline(Path staging) {
        ScanOptions o = PipelineOptionsFactory.create().as(ScanOptions.class);
        o.setRunId("run-1");
        o.setStagingDir(staging.toString());
        o.setCache(tmp.resolve("cache").toString());
        return Pipeline.create(o);
    }

    /** Writes the stage's errors and its table, runs the pipeline to DONE with its stderr lines swallowed. */
    private static void runQuietly(Pipeline p, Path staging, PCollectionTuple x,
                                   org.apache.beam.sdk.values.TupleTag<org.apache.avro.generic.GenericRecord> tag,
                                   String table) {
        WriteTables w = new WriteTables(staging.toString(), "run-1", true, 0);
        w.write(x.get(Problem.ERRORS), Tables.ERRORS);
        w.write(x.get(tag), table);
        CommandRun.processErrOf(() -> assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE));
    }

    private static ChangeTask changeTask(RepoSpec repo, ObjectId commit) {
        return new ChangeTask(repo, repo.repoId(), commit.name(), 0, 1, 0);
    }

    private static BlobTask task(RepoSpec repo, ObjectId blob, String path) {
        return new BlobTask(repo, repo.repoId(), blob.name(), path, FileKinds.PYTHON, 30);
    }

    @Test
    void usageErrorsExitWithTwo() {
        CommandRun noRepos = CommandRun.of("scan", "--out", tmp.resolve("d").toString());
        assertThat(noRepos.code()).isEqualTo(Main.USAGE);
        assertThat(noRepos.err()).contains("no repositories");
        CommandRun daily = CommandRun.of("scan", "--history", "daily", "--out", tmp.resolve("d").toString(), "x");
        assertThat(daily.code()).isEqualTo(Main.USAGE);
        assertThat(daily.err()).contains("--history").contains("head, weekly, monthly, tags or all, not 'daily'");
        CommandRun noList = CommandRun.of("scan", "--repos", tmp.resolve("nope.txt").toString(), "--out",
                tmp.resolve("d").toString());
        assertThat(noList.code()).isEqualTo(Main.USAGE);
        assertThat(List.of(noList.err().split("\n"))).anyMatch(l -> l.contains("repository list not found"));
    }
}
