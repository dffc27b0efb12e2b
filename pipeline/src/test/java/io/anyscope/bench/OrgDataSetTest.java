package io.anyscope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.analytics.SqlDataTests;
import io.anyscope.analytics.Table;
import io.anyscope.analytics.Warehouse;
import io.anyscope.data.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated organisation is a valid data set (every SQL data test passes) with the skew it promises. */
class OrgDataSetTest {
    @Test
    void aGeneratedOrganisationPassesEverySqlDataTestAndHasAMigrationInProgress(@TempDir Path tmp) throws Exception {
        OrgDataSet.Summary s = OrgDataSet.write(tmp.resolve("DATA"), new OrgDataSet.Options(40, 40, 7));
        assertThat(Files.isSymbolicLink(tmp.resolve("DATA/current"))).isTrue();
        for (String t : Tables.ALL) {
            assertThat(Files.list(tmp.resolve("DATA/current").resolve(t))).as(t).isNotEmpty();
        }
        assertThat(SqlDataTests.failing(s.data())).isEmpty();
        try (Warehouse w = Warehouse.open(s.data())) {
            Table repos = w.query("SELECT count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'failed'),"
                    + " count(DISTINCT team) FROM stg_repos");
            assertThat(repos.rows().get(0)).containsExactly(39L, 1L, repos.rows().get(0).get(2));
            assertThat(((Number) repos.rows().get(0).get(2)).intValue()).isGreaterThan(5);
            // skew: the largest repository holds several times the median's files at head
            Table sizes = w.query("SELECT max(n), median(n) FROM (SELECT count(*) AS n FROM mart_files f JOIN mart_snapshots s"
                    + " USING (repo_id, commit_id) WHERE s.is_head_snapshot GROUP BY f.repo_id)");
            assertThat(((Number) sizes.rows().get(0).get(0)).doubleValue())
                    .isGreaterThan(3 * ((Number) sizes.rows().get(0).get(1)).doubleValue());
            // a migration in progress: some repositories finished, some not started, regressions and findings
            Table progress = w.query("SELECT count(*) FILTER (WHERE pct_migrated = 100), count(*) FILTER (WHERE pct_migrated = 0),"
                    + " count(*) FILTER (WHERE pct_migrated > 0 AND pct_migrated < 100) FROM mart_scope_repo");
            for (Object n : progress.rows().get(0)) {
                assertThat(((Number) n).longValue()).isPositive();
            }
            assertThat(count(w, "SELECT count(*) FROM mart_regressions")).isPositive();
            assertThat(count(w, "SELECT count(*) FROM mart_finding_regressions")).isPositive();
            assertThat(count(w, "SELECT count(*) FROM mart_site_status WHERE status = 'broken'")).isPositive();
            assertThat(count(w, "SELECT count(*) FROM mart_site_status WHERE tier = 'blocker'")).isPositive();
            assertThat(count(w, "SELECT count(*) FROM stg_changes WHERE change = 'rename'")).isPositive();
            assertThat(count(w, "SELECT count(*) FROM stg_snapshots WHERE repeated")).isPositive();
        }
    }

    @Test
    void theSameSeedWritesTheSameRowsAndAnotherSeedOthers(@TempDir Path tmp) throws Exception {
        OrgDataSet.Summary a = OrgDataSet.write(tmp.resolve("A"), new OrgDataSet.Options(6, 12, 1));
        OrgDataSet.Summary b = OrgDataSet.write(tmp.resolve("B"), new OrgDataSet.Options(6, 12, 1));
        OrgDataSet.Summary c = OrgDataSet.write(tmp.resolve("C"), new OrgDataSet.Options(6, 12, 2));
        assertThat(a.runId()).isEqualTo(b.runId());
        assertThat(rows(a.data())).isEqualTo(rows(b.data())).isNotEqualTo(rows(c.data()));
    }

    private static List<List<Object>> rows(Path data) throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            return w.query("SELECT repo_id, commit_id, path, blob_id FROM stg_files ORDER BY ALL").rows();
        }
    }

    private static long count(Warehouse w, String sql) throws Exception {
        return ((Number) w.query(sql).rows().get(0).get(0)).longValue();
    }
}
