package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.data.Tables;
import io.anyscope.pipeline.OutputFiles;
import io.anyscope.pipeline.ParquetRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials in repository URLs never reach an output: not stdout or stderr of scan, sql or report, not any file
 * under DATA (Parquet bytes included, and every value read back through DuckDB, in case a page is compressed), not
 * the report files, not the cache. (A password in an ssh URL: RepoOpenerSshTest.)
 */
class SecretsFaultTest {
    static final List<String> SECRETS = List.of("S3CRET-userinfo", "S3CRET-query", "S3CRET-listed");

    @TempDir
    Path tmp;

    @Test
    void tokensInUrlsAppearInNoOutput() throws Exception {
        Path healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, "https://ci:S3CRET-listed@127.0.0.1:1/org/listed.git listed platform\n");
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        FaultRun scan = FaultRun.scan(data, cache, List.of(healthy,
                "https://user:S3CRET-userinfo@127.0.0.1:1/x.git",
                "https://127.0.0.1:1/y.git?token=S3CRET-query"), "--repos", list.toString());
        assertThat(scan.code()).as(scan.toString()).isEqualTo(Main.PARTIAL);
        Healthy.assertComplete(data);
        // Each unreachable repository: one errors row (stage fetch) and one line, naming its redacted location.
        assertThat(ParquetRows.rows(data, "SELECT repo || ' ' || stage FROM errors ORDER BY 1")).containsExactly(
                "listed fetch", "x fetch", "y fetch");
        for (String shown : List.of("https://***@127.0.0.1:1/org/listed.git", "https://***@127.0.0.1:1/x.git",
                "https://127.0.0.1:1/y.git?token=***")) {
            FaultAssertions.assertOneLine(scan, shown, null);
        }
        assertThat(ParquetRows.rows(data, "SELECT url FROM repos WHERE name <> 'healthy' ORDER BY 1")).containsExactly(
                "https://***@127.0.0.1:1/org/listed.git", "https://***@127.0.0.1:1/x.git",
                "https://127.0.0.1:1/y.git?token=***");

        FaultRun sql = FaultRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT r.url, r.error, e.message, x.arguments FROM stg_repos r LEFT JOIN stg_errors e USING (repo_id) "
                + "CROSS JOIN stg_runs x");
        assertThat(sql.code()).as(sql.toString()).isZero();
        assertThat(sql.out()).contains("https://***@127.0.0.1:1/x.git");
        Path reports = tmp.resolve("reports");
        FaultRun report = FaultRun.of("report", "all", "--data", data.toString(), "--out", reports.toString(),
                "--format", "html,md,csv,json");
        assertThat(report.code()).as(report.toString()).isZero();

        List<String> values = new ArrayList<>();
        for (String t : Tables.ALL) {
            values.addAll(ParquetRows.rows(data, "SELECT * FROM " + t));
        }
        assertThat(values).as("every value of every table").isNotEmpty();
        for (String secret : SECRETS) {
            for (FaultRun r : List.of(scan, sql, report)) {
                assertThat(r.out() + r.err()).as("output of %s", r).doesNotContain(secret);
            }
            assertThat(values).noneMatch(v -> v.contains(secret));
            OutputFiles.assertNoneContains(data, secret);
            OutputFiles.assertNoneContains(reports, secret);
            if (Files.exists(cache)) {
                OutputFiles.assertNoneContains(cache, secret);
                try (Stream<Path> s = Files.walk(cache)) {
                    assertThat(s.map(Path::toString)).noneMatch(p -> p.contains(secret));
                }
            }
        }
    }
}
