package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.TrackedLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-computed numbers (see AnalyticsFixture) against the marts over real Parquet files. */
class WarehouseMartsTest {
    @TempDir
    static Path tmp;
    static Warehouse w;

    @BeforeAll
    static void open() throws Exception {
        w = Warehouse.open(AnalyticsFixture.write(tmp.resolve("DATA")));
    }

    @AfterAll
    static void close() {
        w.close();
    }

    private static Map<String, List<Object>> byKey(Table t, String... cols) {
        Map<String, List<Object>> m = new TreeMap<>();
        for (List<Object> r : t.rows()) {
            m.put(Table.text(r.get(0)) + (t.columns().size() > 1 && cols.length > 0 ? "" : ""), r.subList(1, r.size()));
        }
        return m;
    }

    @Test
    void weeklyProgressPerRepoMatchesHandCount() throws Exception {
        // legacy_refs/anyio_refs: direct references, what % migrated counts (legacy_sites adds the imports)
        Table t = w.query("SELECT repo || ' ' || week, legacy_refs, anyio_refs, round(pct_migrated, 1) "
                + "FROM mart_progress_repo_week ORDER BY 1");
        Map<String, List<Object>> m = byKey(t);
        assertThat(m).hasSize(10);
        assertThat(m.get("alpha 2026-W02")).containsExactly(6L, 0L, 0.0);
        assertThat(m.get("alpha 2026-W04")).containsExactly(5L, 1L, 16.7);
        assertThat(m.get("alpha 2026-W05")).containsExactly(5L, 2L, 28.6);
        assertThat(m.get("alpha 2026-W07")).containsExactly(4L, 3L, 42.9);
        assertThat(m.get("beta 2026-W04")).containsExactly(4L, 0L, 0.0);
        assertThat(m.get("beta 2026-W06")).containsExactly(2L, 2L, 50.0);
    }

    @Test
    void weeklyProgressForTheOrg() throws Exception {
        Table t = w.query("SELECT week, repos, legacy_refs, anyio_refs, round(pct_migrated, 1) FROM mart_progress_org_week ORDER BY period_start");
        assertThat(t.rows()).extracting(r -> r.get(0)).containsExactly(
                "2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06", "2026-W07");
        assertThat(t.rows().get(2)).containsExactly("2026-W04", 2L, 9L, 1L, 10.0);
        assertThat(t.rows().get(5)).containsExactly("2026-W07", 2L, 6L, 5L, 45.5);
        // legacy_sites = imports + direct references + derived facts, as in the scope report: at W07 (each
        // repository's head) 10 = 4 imports + 6 references, the scope report's organisation total; anyio 8 = 3
        // imports + 5 references.
        Table all = w.query("SELECT legacy_sites, legacy_imports, legacy_refs, legacy_derived, anyio_sites FROM "
                + "mart_progress_org_week ORDER BY period_start DESC LIMIT 1");
        assertThat(all.rows().get(0)).containsExactly(10L, 4L, 6L, 0L, 8L);
        assertThat(w.query("SELECT legacy_sites, legacy_imports, legacy_refs, legacy_derived FROM rpt_scope_org")
                .rows()).containsExactly(all.rows().get(0).subList(0, 4));
    }

    @Test
    void theOneRegressionWithItsLocationCommitAndAuthor() throws Exception {
        Table t = w.query("SELECT repo, week, path, line, symbol, source_line, commit_id, author, author_time, "
                + "attributed_by, snapshot_commit_id, snapshot_author FROM mart_regressions");
        assertThat(t.rows()).hasSize(1);
        // The commit that changed app/server.py in W05, not the week's snapshot commit (Dana's, which added notes.py).
        assertThat(t.rows().get(0)).containsExactly("alpha", "2026-W05", "app/server.py", 30, "asyncio.create_task",
                "asyncio.create_task(self.restart_loop())", "ca05a", "Eve Early", LocalDateTime.of(2026, 1, 27, 14, 0),
                "change", "ca05", "Dana Dev");
    }

    @Test
    void withoutChangesForTheWeekTheRegressionFallsBackToTheSnapshotCommit(@TempDir Path dir) throws Exception {
        try (Warehouse o = Warehouse.open(AnalyticsFixture.write(dir.resolve("DATA"),
                "DELETE FROM fx_changes WHERE repo_id = 'aaaa000000000001';"))) {
            Table t = o.query("SELECT commit_id, author, author_time, attributed_by FROM mart_regressions");
            assertThat(t.rows()).containsExactly(List.of("ca05", "Dana Dev", LocalDateTime.of(2026, 1, 29, 15, 30),
                    "snapshot"));
        }
    }

    @Test
    void churnCountsTheCommitsThatChangedTheFileInTheTrailingWeeks() throws Exception {
        Table t = w.query("SELECT repo_id || ' ' || path, churn, authors FROM mart_file_churn ORDER BY 1");
        assertThat(t.rows()).containsExactly(
                List.of("aaaa000000000001 app/compat.py", 1L, 1L),
                List.of("aaaa000000000001 app/notes.py", 2L, 2L),
                List.of("aaaa000000000001 app/server.py", 3L, 2L),
                List.of("aaaa000000000001 app/util.py", 3L, 1L),
                List.of("aaaa000000000001 pyproject.toml", 1L, 1L),
                List.of("bbbb000000000002 requirements.txt", 1L, 1L),
                List.of("bbbb000000000002 svc/main.py", 2L, 1L));
        try (Warehouse o = Warehouse.open(tmp.resolve("DATA"))) {
            o.set("anyscope_churn_weeks", "2");
            assertThat(o.query("SELECT path, churn FROM mart_file_churn ORDER BY path").rows()).containsExactly(
                    List.of("app/compat.py", 1L), List.of("app/notes.py", 1L), List.of("app/util.py", 2L),
                    List.of("svc/main.py", 1L));
            assertThat(o.query("SELECT path, churn, score, rank FROM mart_hotspot_files ORDER BY rank").rows())
                    .containsExactly(List.of("app/util.py", 2L, 65.0, 1L), List.of("app/server.py", 0L, 40.5, 2L),
                            List.of("svc/main.py", 1L, 24.5, 3L));
        }
    }

    @Test
    void effortMinutesFromTheWeightsFile() throws Exception {
        Table t = w.query("SELECT repo, est_minutes, files_with_legacy, legacy_sites, mechanical_sites, structural_sites, "
                + "manual_sites, blocker_sites, dependency_blockers FROM mart_scope_repo ORDER BY repo");
        // alpha: sites 2*2 + 2*30 + 1*60 + 1*240 = 364; files: mechanical 2*5, structural 15, manual 30, blocker 60 = 115
        // alpha's one dependency blocker is nest-asyncio: its Trio is declared beside anyio, so it is AnyIO's backend
        assertThat(t.rows().get(0)).containsExactly("alpha", 479.0, 2L, 6L, 2L, 2L, 1L, 1L, 1L);
        // beta: sites 2 + 30 + 2*240 = 512; files: 5 + 15 + 60 = 80
        assertThat(t.rows().get(1)).containsExactly("beta", 592.0, 1L, 4L, 1L, 1L, 0L, 2L, 1L);
        assertThat(t.rows().get(2)).containsExactly("gamma", 0.0, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        assertThat(w.query("SELECT est_hours FROM rpt_scope_org").get(0, "est_hours")).isEqualTo(17.9);
    }

    @Test
    void weightsFileOverridesTheEstimate(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.csv");
        Files.writeString(weights, "tier,minutes_per_site,minutes_per_file\nnone,0,0\nmechanical,1,0\n"
                + "structural,1,0\nmanual,1,0\nblocker,1,0\n");
        try (Warehouse o = Warehouse.open(tmp.resolve("DATA"), new Warehouse.Options(weights, null, null, null))) {
            // one minute per legacy site: 6 + 4
            assertThat(o.query("SELECT sum(est_minutes) AS m FROM mart_scope_repo").get(0, "m")).isEqualTo(10.0);
        }
    }

    @Test
    void hotspotScoresAreWeightTimesChurn() throws Exception {
        Table t = w.query("SELECT path, base_score, churn, score, rank, findings FROM mart_hotspot_files ORDER BY rank");
        // server.py and main.py each hold one migration mistake at head: + 4 (the finding weight of its severity)
        assertThat(t.rows()).containsExactly(
                List.of("app/server.py", 40.5, 3L, 121.5, 1L, 1L),
                List.of("app/util.py", 32.5, 3L, 97.5, 2L, 0L),
                List.of("svc/main.py", 24.5, 2L, 49.0, 3L, 1L));
        Table f = w.query("SELECT path, function, score FROM mart_hotspot_functions WHERE rank = 1");
        assertThat(f.rows()).containsExactly(List.of("app/util.py", "helper", 96.0));
    }

    @Test
    void velocityAndProjection() throws Exception {
        Table t = w.query("SELECT name, velocity_per_week, trend, projected_completion FROM mart_velocity ORDER BY level DESC, name");
        // alpha: legacy sites 6 at W07 (4 references + 2 imports: the imports must go too) at 0.5 a week: 12 weeks
        // after W07's end (2026-02-15)
        assertThat(t.rows().get(0)).containsExactly("alpha", 0.5, "converging", LocalDate.of(2026, 5, 10));
        // beta: legacy sites 6 at W04 (4 references + 2 imports) to 4 at W07 (2 + 2) over 3 weeks:
        // ceil(4 / (2/3)) = 6 weeks after 2026-02-15
        assertThat(t.rows().get(1).subList(2, 4)).containsExactly("converging", LocalDate.of(2026, 3, 29));
        // org: 8 legacy sites at W03 (alpha only: 6 references + 2 imports) to 10 at W07 (beta joined at W04)
        assertThat(t.rows().get(2)).containsExactly("(all repositories)", -0.5, "not converging", null);
    }

    @Test
    void dependencyBlockersAtHead() throws Exception {
        Table t = w.query("SELECT repo, dependency, role FROM mart_dependency_blockers ORDER BY repo, dependency");
        // alpha's pyproject declares Trio beside anyio>=4: AnyIO's backend (catalog: trio backend_of anyio), not a blocker
        assertThat(t.rows()).containsExactly(List.of("alpha", "nest-asyncio", "blocker"),
                List.of("beta", "trio-asyncio", "blocker"));
        Table backend = w.query("SELECT l.library, l.backend_of FROM ref_library_roles l WHERE l.backend_of IS NOT NULL");
        assertThat(backend.rows()).containsExactly(List.of("trio", "anyio"));
    }

    @Test
    void repoTeamAndSinceFiltersApplyToEveryMart() throws Exception {
        try (Warehouse o = Warehouse.open(tmp.resolve("DATA"),
                new Warehouse.Options(null, null, "platform", LocalDate.of(2026, 2, 2)))) {
            assertThat(o.query("SELECT repo FROM mart_scope_repo").rows()).containsExactly(List.of("alpha"));
            assertThat(o.query("SELECT week FROM mart_progress_org_week ORDER BY 1").rows())
                    .containsExactly(List.of("2026-W06"), List.of("2026-W07"));
            assertThat(o.query("SELECT count(*) AS n FROM mart_regressions").get(0, "n")).isEqualTo(0L);
        }
    }

    @Test
    void sqlReferenceTablesReadTheCatalogAsCatalogJavaDoes() throws Exception {
        Catalog catalog = Catalog.loadDefault();
        Map<String, String> roles = new HashMap<>();
        for (TrackedLibrary l : catalog.libraries().values()) {
            roles.put(l.name(), l.role() + "/" + l.pypi() + "/" + l.backendOf());
        }
        Map<String, String> sql = new HashMap<>();
        for (List<Object> r : w.query("SELECT library, role || '/' || pypi || '/' || coalesce(backend_of, '') FROM ref_library_roles").rows()) {
            sql.put((String) r.get(0), (String) r.get(1));
        }
        assertThat(sql).isEqualTo(roles);
        TreeSet<String> cats = new TreeSet<>(catalog.categories());
        cats.add("uncatalogued");
        TreeSet<String> sqlCats = new TreeSet<>();
        w.query("SELECT category FROM ref_categories").rows().forEach(r -> sqlCats.add((String) r.get(0)));
        assertThat(sqlCats).isEqualTo(cats);
        assertThat(w.query("SELECT tier FROM ref_effort_tiers ORDER BY tier_order").rows())
                .extracting(r -> r.get(0)).containsExactlyElementsOf(catalog.efforts());
    }

    @Test
    void refErrorKindsListEveryErrorKindWithTheSameLossOfData() throws Exception {
        Map<String, Boolean> java = new TreeMap<>();
        for (io.anyscope.git.ErrorKind k : io.anyscope.git.ErrorKind.values()) {
            java.put(k.value(), k.losesData());
        }
        Map<String, Boolean> sql = new TreeMap<>();
        for (List<Object> r : w.query("SELECT kind, loses_data FROM ref_error_kinds").rows()) {
            sql.put((String) r.get(0), (Boolean) r.get(1));
        }
        assertThat(sql).isEqualTo(java);
    }

    @Test
    void macrosKeepTheNullsAndTypesOfTheExpressionsTheyStandFor() throws Exception {
        Table t = w.query("SELECT anyscope_pct_migrated(0, 0) AS none, anyscope_pct_migrated(1, 3) AS quarter, "
                + "anyscope_pct_migrated(NULL, 3) AS unknown, typeof(anyscope_pct_migrated(1::BIGINT, 3::BIGINT)) AS type, "
                + "anyscope_dir_of('pkg/sub/mod.py') AS dir, anyscope_dir_of('mod.py') AS root");
        assertThat(t.rows().get(0)).containsExactly(null, 25.0, null, "DOUBLE", "pkg/sub", ".");
    }

    @Test
    void missingOrForeignDataDirectoriesAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Warehouse.open(dir.resolve("nope")))
                .isInstanceOf(WarehouseException.class).hasMessageContaining("nope").hasMessageContaining("not found");
        Files.createDirectories(dir.resolve("x/current/repos"));
        assertThatThrownBy(() -> Warehouse.open(dir.resolve("x")))
                .isInstanceOf(WarehouseException.class).hasMessageContaining("not an anyscope data set")
                .hasMessageContaining(dir.resolve("x").toString()).hasMessageContaining("usages");
    }

    @Test
    void statementSplitterKeepsQuotedSemicolons() {
        assertThat(Warehouse.splitStatements("SELECT ';' AS a; -- c;\nSELECT 2;\n-- only a comment;\n"))
                .containsExactly("SELECT ';' AS a", "-- c;\nSELECT 2");
        assertThat(Warehouse.complete("SELECT 1;")).isTrue();
        assertThat(Warehouse.complete("SELECT ';")).isFalse();
        assertThat(Warehouse.complete("SELECT 1; -- done")).isTrue();
        assertThat(Warehouse.complete("SELECT 1")).isFalse();
    }
}
