package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad repositories and bad repository lists: an empty repository (no commits), a repository without Python, and
 * lists that are missing, empty, garbled or name a repository twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadReposFaultTest {
    @TempDir
    static Path tmp;
    Path healthy;
    Path data;
    FaultRun run;
    Map<String, List<String>> afterGood;

    @BeforeAll
    void scans() throws Exception {
        healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        data = FaultData.goodScan(tmp.resolve("data"), tmp.resolve("cache"), healthy);
        afterGood = FaultAssertions.rowsKept(data);
        GitFixture.init(tmp.resolve("empty")).close();
        try (GitFixture g = GitFixture.init(tmp.resolve("nopython"))) {
            g.commit("main", "2026-03-02T10:00:00Z", Map.of("README.md", "# tools\n", "main.go",
                    "package main\nfunc main() {}\n", "scripts/run.sh", "#!/bin/sh\nasyncio\n"));
        }
        run = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, tmp.resolve("empty"), tmp.resolve("nopython")));
    }

    @Test
    void anEmptyRepositoryIsRecordedAndTheOthersAreWritten() throws Exception {
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.PARTIAL);
        FaultAssertions.assertErrorRow(data, "empty", null, "history", "other");
        // Named once, by its location (a problem with the repository as a whole), even though the driver looked at
        // it before handing the run to the pipeline.
        assertThat(FaultAssertions.assertOneLine(run, tmp.resolve("empty").toString(), null)).isEqualTo(
                "anyscope: " + tmp.resolve("empty") + ": repository empty: empty repository (HEAD points to "
                + "refs/heads/main, which has no commits)");
        assertThat(ParquetRows.rows(data, "SELECT status FROM repos WHERE name = 'empty'")).containsExactly("failed");
        Healthy.assertComplete(data);
        FaultAssertions.assertKept(data, afterGood);
    }

    @Test
    void aRepositoryWithoutPythonIsScannedWithNothingToReport() throws Exception {
        assertThat(FaultAssertions.errorRows(data, "nopython", null)).isEmpty();
        assertThat(run.err()).doesNotContain("nopython");
        assertThat(ParquetRows.rows(data, "SELECT r.status || ' ' || count(s.label) || ' ' || count(f.path) FROM "
                + "repos r JOIN snapshots s USING (repo_id) LEFT JOIN files f ON f.repo_id = s.repo_id AND "
                + "f.commit_id = s.commit_id WHERE r.name = 'nopython' GROUP BY r.status"))
                .containsExactly("ok 1 0");
    }

    @Test
    void badRepositoryListsAreUsageErrorsNamingTheFileAndLine() throws Exception {
        Path other = Healthy.create(tmp.resolve("other"));
        Map<String, String> before = FaultAssertions.committed(data);
        // list file name -> its bytes, and the one stderr line expected (the file's path stands for {list})
        Map<String, Object[]> lists = new LinkedHashMap<>();
        lists.put("missing", new Object[] {null, "repository list not found: {list}"});
        lists.put("empty", new Object[] {new byte[0], "no repositories: give --repos FILE or paths/URLs"});
        lists.put("comments", new Object[] {"# nothing yet\n\n".getBytes(UTF_8),
            "no repositories: give --repos FILE or paths/URLs"});
        lists.put("fields", new Object[] {(healthy + " a b c\n").getBytes(UTF_8),
            "{list}:1: expected LOCATION [NAME [TEAM]], got 4 fields: " + healthy + " a b c"});
        lists.put("quote", new Object[] {("# ok\n\"" + healthy + ",x\n").getBytes(UTF_8),
            "{list}:2: unterminated quote: \"" + healthy + ",x"});
        lists.put("scheme", new Object[] {"ftp://example.com/x.git\n".getBytes(UTF_8),
            "{list}:1: unsupported URL scheme 'ftp' in ftp://example.com/x.git (supported: file, http, https, ssh, git)"});
        lists.put("latin1", new Object[] {(healthy + "\n" + other + " caf\u00e9\n").getBytes(ISO_8859_1),
            "{list}:2: not UTF-8 text (a repository list is UTF-8 text, one repository a line)"});
        lists.put("binary", new Object[] {new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, (byte) 0xff},
            "{list}:1: not UTF-8 text (a repository list is UTF-8 text, one repository a line)"});
        lists.put("duplicate", new Object[] {(healthy + " one\n" + healthy + "/ two\n").getBytes(UTF_8),
            "{list}:2: repository " + healthy + " is already listed on line 1"});
        for (Map.Entry<String, Object[]> e : lists.entrySet()) {
            Path list = tmp.resolve(e.getKey() + ".txt");
            if (e.getValue()[0] != null) {
                Files.write(list, (byte[]) e.getValue()[0]);
            }
            FaultRun r = FaultRun.of("scan", "--repos", list.toString(), "--out", data.toString(), "--no-progress");
            assertThat(r.code()).as(e.getKey() + ": " + r).isEqualTo(Main.USAGE);
            assertThat(r.errLines()).as(e.getKey()).containsExactly("anyscope scan: "
                    + ((String) e.getValue()[1]).replace("{list}", list.toString()));
            assertThat(r.out()).as(e.getKey()).isEmpty();
            FaultAssertions.assertNoStackTrace(r.err());
        }
        assertThat(FaultAssertions.committed(data)).as("DATA after the usage errors").isEqualTo(before);
    }
}
