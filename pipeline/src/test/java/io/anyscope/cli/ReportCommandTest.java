package io.anyscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anyscope.analytics.AnalyticsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** anyscope report and anyscope sql, in process through Main.run, over the fixture. */
class ReportCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void fixture() throws Exception {
        data = AnalyticsFixture.write(tmp.resolve("DATA"));
    }

    @Test
    void allReportsInEveryFormat() throws Exception {
        Path out = tmp.resolve("out");
        CommandRun r = CommandRun.of("report", "all", "--data", data.toString(), "--out", out.toString(), "--format", "html,md,csv,json");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        for (String n : List.of("scope", "hotspots", "progress")) {
            assertThat(out.resolve(n + ".html")).isRegularFile();
            assertThat(out.resolve(n + ".md")).isRegularFile();
        }
        String md = Files.readString(out.resolve("scope.md"));
        assertThat(md).contains("# Migration scope").contains("**estimated effort (hours):** 17.9")
                .contains("**legacy sites (4 imports, 6 direct references, 0 derived):** 10").contains("## Migration statistics")
                .contains("| alpha | platform | ok | 3 | 2 | 6 | 4 | 3 | 42.9 |")
                .contains("`trio.lowlevel.current_task` (1 files, 1 sites): no AnyIO equivalent")
                .contains("dependency `nest-asyncio` in alpha:pyproject.toml:5 (blocker library)");
        String progress = Files.readString(out.resolve("progress.md"));
        assertThat(progress).contains("| alpha | 2026-W05 | app/server.py | 30 | asyncio.create_task |")
                .contains("not converging").contains("2026-05-10")
                .contains("**legacy sites (4 imports, 6 direct references, 0 derived):** 10");

        ObjectMapper json = new ObjectMapper();
        JsonNode repos = json.readTree(out.resolve("scope_repos.json").toFile());
        assertThat(repos.size()).isEqualTo(3);
        assertThat(repos.get(0).get("repo").asText()).isEqualTo("beta");
        assertThat(repos.get(0).get("est_hours").asDouble()).isEqualTo(9.9);
        JsonNode org = json.readTree(out.resolve("progress_org.json").toFile());
        assertThat(org.get(org.size() - 1).get("pct_migrated").asDouble()).isEqualTo(45.5);

        List<String> csv = Files.readAllLines(out.resolve("hotspot_files.csv"));
        assertThat(csv.get(0)).isEqualTo("rank,repo,path,score,base_score,churn,legacy_sites,findings,top_categories,finding_rules,path_class,path_url");
        assertThat(csv.get(1)).startsWith("1,alpha,app/server.py,121.5,40.5,3,4,1,");
        assertThat(csv).hasSize(4);
        assertThat(Files.readAllLines(out.resolve("regressions_recent.csv"))).hasSize(2);

        for (String n : List.of("scope", "hotspots", "progress")) {
            String html = Files.readString(out.resolve(n + ".html"));
            // its chart drawn in the page by the inlined Chart.js from data in the page: nothing loaded from elsewhere
            assertThat(html).contains("<canvas").contains("class=\"chart-data\"").doesNotContain("<link").doesNotContain("src=\"http")
                    .doesNotContain("href=\"http").doesNotContain("@import").doesNotContain("url(http");
        }
    }

    @Test
    void filtersAndWeightsChangeTheNumbers() throws Exception {
        Path out = tmp.resolve("beta");
        Path weights = tmp.resolve("weights.csv");
        Files.writeString(weights, "tier,minutes_per_site,minutes_per_file\nnone,0,0\nmechanical,60,0\n"
                + "structural,60,0\nmanual,60,0\nblocker,60,0\n");
        CommandRun r = CommandRun.of("report", "scope", "--data", data.toString(), "--out", out.toString(), "--repo", "beta",
                "--weights", weights.toString(), "--format", "md,json");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        // beta has 4 legacy sites at one hour each
        assertThat(Files.readString(out.resolve("scope.md"))).contains("**estimated effort (hours):** 4")
                .contains("filters: repo=beta").doesNotContain("| alpha |");
        assertThat(out.resolve("progress.md")).doesNotExist();
    }

    @Test
    void badDataDirectoriesAndOptionsAreUsageErrors() throws Exception {
        CommandRun missing = CommandRun.of("report", "--data", tmp.resolve("absent").toString(), "--out", tmp.resolve("o1").toString());
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("data directory not found").contains(tmp.resolve("absent").toString());
        Files.createDirectories(tmp.resolve("empty"));
        CommandRun foreign = CommandRun.of("sql", "--data", tmp.resolve("empty").toString(), "SELECT 1");
        assertThat(foreign.code()).isEqualTo(Main.USAGE);
        assertThat(foreign.err()).contains("not an anyscope data set").contains(tmp.resolve("empty").toString());
        assertThat(CommandRun.of("report", "nonsense", "--data", data.toString(), "--out", tmp.resolve("o2").toString()).code())
                .isEqualTo(Main.USAGE);
        assertThat(CommandRun.of("report", "--data", data.toString(), "--out", tmp.resolve("o3").toString(), "--repo", "zeta").code())
                .isEqualTo(Main.USAGE);
    }

    @Test
    void unknownFormatsAreUsageErrorsNamingTheChoices() {
        CommandRun sql = CommandRun.of("sql", "--data", data.toString(), "--format", "xml", "SELECT 1");
        assertThat(sql.code()).isEqualTo(Main.USAGE);
        assertThat(sql.out()).isEmpty();
        assertThat(sql.err()).contains("--format").contains("xml").contains("table, csv, json");
        Path out = tmp.resolve("o4");
        CommandRun report = CommandRun.of("report", "--data", data.toString(), "--out", out.toString(), "--format", "html,pdf");
        assertThat(report.code()).isEqualTo(Main.USAGE);
        assertThat(report.err()).contains("--format").contains("pdf").contains("html, md, csv, json");
        assertThat(out).doesNotExist();
        CommandRun upper = CommandRun.of("report", "--data", data.toString(), "--out", out.toString(), "--format", "MD");
        assertThat(upper.code()).isEqualTo(Main.USAGE);
        CommandRun extract = CommandRun.of("extract", "--format", "xml", data.toString());
        assertThat(extract.code()).isEqualTo(Main.USAGE);
        assertThat(extract.err()).contains("--format").contains("xml").contains("table, csv, jsonl");
    }

    @Test
    void sqlQueryInEveryFormat() throws Exception {
        CommandRun t = CommandRun.of("sql", "--data", data.toString(),
                "SELECT repo, est_minutes FROM mart_scope_repo ORDER BY repo");
        assertThat(t.code()).as(t.err()).isEqualTo(Main.OK);
        assertThat(t.out()).containsPattern("\\| alpha \\| +479 \\|").contains("3 rows");
        CommandRun csv = CommandRun.of("sql", "--data", data.toString(), "--format", "csv",
                "SELECT period, pct_migrated FROM rpt_progress_org ORDER BY period_start");
        assertThat(csv.out().lines().toList()).hasSize(7).contains("2026-W07,45.5");
        CommandRun js = CommandRun.of("sql", "--data", data.toString(), "--format", "json", "SELECT * FROM rpt_regressions_recent");
        JsonNode n = new ObjectMapper().readTree(js.out());
        assertThat(n.get(0).get("commit_id").asText()).isEqualTo("ca05a");
        assertThat(n.get(0).get("attributed_by").asText()).isEqualTo("change");
        assertThat(n.get(0).get("line").asInt()).isEqualTo(30);
        CommandRun bad = CommandRun.of("sql", "--data", data.toString(), "SELECT * FROM no_such_view");
        assertThat(bad.code()).isEqualTo(Main.FAILED);
        assertThat(bad.err()).contains("no_such_view");
    }

    @Test
    void interactivePromptRunsStatementsEndedBySemicolonAndReadsPipedInput() throws Exception {
        Path hist = tmp.resolve("history");
        var in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(
                    "SELECT repo\n  FROM mart_scope_repo WHERE repo = 'beta';\nSELECT * FROM nope;\nSELECT 42 AS answer;\n.quit\nSELECT 43;\n".getBytes()));
            CommandRun r = CommandRun.of("sql", "--data", data.toString(), "--history", hist.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
            assertThat(r.out()).as(r.err()).contains("| beta |").containsPattern("\\| +42 \\|")
                    // the banner holds the temp directory's name, whose digits are random: look for a rendered cell
                    .doesNotContainPattern("\\|\\s*43\\s*\\|");
            assertThat(r.err()).contains("nope");
        } finally {
            System.setIn(in);
        }
    }
}
