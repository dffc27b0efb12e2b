package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.demo.DemoRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The materialised marts (Marts) against the views they are built from, on a real weekly scan of the generated demo
 * repositories: every mart row for row; a new file when the fingerprint's inputs change; the views again when a
 * variable is set after open.
 */
class MaterialisedMartsTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void scan() throws Exception {
        DemoRepos.create(tmp.resolve("repos"), LocalDate.of(2026, 1, 5));
        data = tmp.resolve("DATA");
        CommandRun.ok("scan", "--repos", tmp.resolve("repos").resolve(DemoRepos.REPOS_CSV).toString(),
                "--history", "weekly", "--out", data.toString(), "--no-progress");
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(Marts.PROPERTY);
    }

    private static List<Path> martFiles() throws Exception {
        if (!Files.isDirectory(data.resolve(Marts.DIR))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(data.resolve(Marts.DIR))) {
            return s.filter(p -> p.toString().endsWith(".duckdb")).sorted().toList();
        }
    }

    @Test
    void everyMaterialisedMartEqualsItsViewRowForRow() throws Exception {
        System.setProperty(Marts.PROPERTY, "off");
        try (Warehouse views = Warehouse.open(data)) {
            assertThat(views.martsFile()).isNull();
            System.clearProperty(Marts.PROPERTY);
            try (Warehouse mat = Warehouse.open(data)) {
                assertThat(mat.martsFile()).isNotNull().isRegularFile();
                assertThat(mat.martsFile().startsWith(data.resolve(Marts.DIR).resolve(mat.generation()))).isTrue();
                List<String> marts = Marts.views();
                assertThat(marts).contains("mart_snapshots", "mart_file_sites", "mart_progress_org_week");
                long nonEmpty = 0;
                // and the per-snapshot views computed where they are read (materialise: no), over the kept marts
                List<String> compared = new java.util.ArrayList<>(marts);
                compared.addAll(List.of("mart_snapshot_files", "mart_usage_rows", "mart_site_rows", "mart_site_status",
                        "mart_usages_snapshot"));
                for (String m : compared) {
                    // views over Parquet in one warehouse, tables in the other: compare as sorted row lists
                    String q = "SELECT * FROM " + m + " ORDER BY ALL";
                    Table a = views.query(q);
                    Table b = mat.query(q);
                    assertThat(b.columns()).as(m).isEqualTo(a.columns());
                    assertThat(b.rows()).as(m).isEqualTo(a.rows());
                    nonEmpty += a.size() > 0 ? 1 : 0;
                }
                // the comparison means something: most marts hold rows on the demo's history
                assertThat(nonEmpty).isGreaterThan(marts.size() / 2);
                Table site = mat.query("SELECT count(*) AS n FROM anyscope_marts.main.mart_file_sites");
                assertThat((Long) site.get(0, "n")).isGreaterThan(0L);
                // the file says how long each mart took and how many rows it holds, in build order
                Table log = mat.query("SELECT l.mart, l.seconds, l.row_count, (SELECT count(*) FROM (SELECT DISTINCT "
                        + "repo_id, label, path FROM mart_site_status)) AS files FROM anyscope_marts.main."
                        + Warehouse.MARTS_BUILD_LOG + " l");
                assertThat(log.rows()).extracting(r -> r.get(0)).containsExactlyElementsOf(marts);
                assertThat(log.rows()).allSatisfy(r -> assertThat((Double) r.get(1)).isGreaterThanOrEqualTo(0.0));
                assertThat(log.rows()).filteredOn(r -> r.get(0).equals("mart_file_sites"))
                        .singleElement().satisfies(r -> assertThat(r.get(2)).isEqualTo(r.get(3)));
            }
        }
    }

    @Test
    void aMartMarkedNotMaterialisedStaysAViewOverTheDataAndStillAnswers() throws Exception {
        // 22_usages.sql: the per-snapshot site views say "materialise: no" above their CREATE; mart_file_sites,
        // which counts them, does not
        assertThat(Marts.views()).doesNotContain("mart_usages_snapshot", "mart_site_status", "mart_usage_rows",
                "mart_site_rows", "mart_snapshot_files").contains("mart_files", "mart_file_sites");
        try (Warehouse mat = Warehouse.open(data)) {
            assertThat(mat.martsFile()).isNotNull();
            Table tables = mat.query("SELECT table_name FROM duckdb_tables() WHERE database_name = 'anyscope_marts'");
            assertThat(tables.rows()).extracting(r -> r.get(0)).contains("mart_file_sites")
                    .doesNotContain("mart_usages_snapshot", "mart_site_status", "mart_site_rows");
            Table n = mat.query("SELECT (SELECT count(*) FROM mart_usages_snapshot WHERE kind NOT IN ('patch', "
                    + "'reexport')) AS facts, (SELECT count(*) FROM mart_site_status) AS sites");
            assertThat((Long) n.get(0, "facts")).isGreaterThan(0L).isEqualTo(n.get(0, "sites"));
        }
    }

    @Test
    void aSecondOpenReusesTheFileAndChangedInputsBuildAnother(@TempDir Path dir) throws Exception {
        Path first;
        try (Warehouse w = Warehouse.open(data)) {
            first = w.martsFile();
        }
        long modified = Files.getLastModifiedTime(first).toMillis();
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.martsFile()).isEqualTo(first);
        }
        assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(modified);
        // other effort weights: another fingerprint, another file, and the marts follow the weights
        Path weights = dir.resolve("w.csv");
        Files.writeString(weights, "tier,minutes_per_site,minutes_per_file\nnone,0,0\nmechanical,1,0\n"
                + "structural,1,0\nmanual,1,0\nblocker,1,0\n");
        try (Warehouse w = Warehouse.open(data, new Warehouse.Options(weights, null, null, null));
             Warehouse views = openViews(data, new Warehouse.Options(weights, null, null, null))) {
            assertThat(w.martsFile()).isNotEqualTo(first).isRegularFile();
            String q = "SELECT repo, est_minutes, legacy_sites FROM mart_scope_repo ORDER BY repo";
            assertThat(w.query(q).rows()).isEqualTo(views.query(q).rows());
        }
        // a repository filter (an anyscope_ variable): another file
        try (Warehouse w = Warehouse.open(data, new Warehouse.Options(null, DemoRepos.NAMES.get(0), null, null))) {
            assertThat(w.martsFile()).isNotEqualTo(first);
            assertThat(w.query("SELECT DISTINCT repo FROM mart_snapshots").rows())
                    .containsExactly(List.of(DemoRepos.NAMES.get(0)));
        }
        assertThat(martFiles()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aChangedSqlFingerprintBuildsAnotherFile() throws Exception {
        Path f;
        String fp;
        try (Warehouse w = Warehouse.open(data)) {
            f = w.martsFile();
            fp = Marts.fingerprint(w.connection(), List.of());
            // the same inputs give the same fingerprint; a changed variable (as a changed SQL text) another
            assertThat(Marts.fingerprint(w.connection(), List.of())).isEqualTo(fp);
            w.connection().createStatement().execute("SET VARIABLE anyscope_churn_weeks = 3");
            assertThat(Marts.fingerprint(w.connection(), List.of())).isNotEqualTo(fp);
        }
        assertThat(f.getFileName().toString()).endsWith(".duckdb");
    }

    @Test
    void settingAVariableAfterOpenGoesBackToTheViews() throws Exception {
        try (Warehouse w = Warehouse.open(data); Warehouse views = openViews(data, Warehouse.Options.defaults())) {
            assertThat(w.martsFile()).isNotNull();
            w.query("SET VARIABLE anyscope_churn_weeks = 1");
            views.query("SET VARIABLE anyscope_churn_weeks = 1");
            assertThat(w.martsFile()).isNull();
            String q = "SELECT repo_id, path, churn FROM mart_file_churn ORDER BY ALL";
            assertThat(w.query(q).rows()).isEqualTo(views.query(q).rows());
            try (Warehouse d = Warehouse.open(data)) {
                assertThat(d.query(q).rows()).isNotEqualTo(w.query(q).rows());
            }
        }
    }

    @Test
    void aGenerationNoLongerInTheDataSetLosesItsMarts() throws Exception {
        Path stale = Files.createDirectories(data.resolve(Marts.DIR).resolve("20000101T000000Z-gone"));
        Files.writeString(stale.resolve("x.duckdb"), "");
        try (Warehouse w = Warehouse.open(data, new Warehouse.Options(null, null, null, LocalDate.of(2026, 2, 1)))) {
            assertThat(w.martsFile()).isNotNull();
        }
        assertThat(stale).doesNotExist();
    }

    /**
     * A sql session leaves DATA byte for byte as it was: with no file there that fits, it builds the marts into the
     * user's cache (anyscope.marts.cache; the marts equal their views: everyMaterialisedMartEqualsItsViewRowForRow),
     * a later session reads them there with the same answers, and a cache directory whose data set
     * is gone is removed by the next build. A report that cannot write DATA/marts builds into the cache too. An
     * export builds none.
     */
    @Test
    void aSqlSessionBuildsIntoTheCacheAndLeavesTheDataSetAsItWas(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path gone = Files.createDirectories(cache.resolve("0123456789abcdef"));
        Files.writeString(gone.resolve("data"), dir.resolve("no-such-data-set").toString());
        Path keep = Files.createDirectories(cache.resolve("fedcba9876543210"));
        Files.writeString(keep.resolve("data"), data.toString());
        io.anyscope.util.Trees.deleteQuietly(data.resolve(Marts.DIR)); // no file in DATA that fits
        String before = treeListing(data);
        String q = "SELECT repo, legacy_sites, legacy_refs FROM mart_scope_repo ORDER BY repo";
        System.setProperty(Marts.CACHE_PROPERTY, cache.toString());
        try {
            // sql --emit-views (an export) builds nothing
            CommandRun.ok("sql", "--data", data.toString(), "--emit-views", dir.resolve("views.sql").toString());
            assertThat(cache.resolve(Marts.cacheRoot(data).getFileName())).doesNotExist();
            Path built;
            List<List<Object>> rows;
            try (Warehouse w = Warehouse.open(data, Warehouse.Options.defaults(), Warehouse.Access.free())) {
                built = w.martsFile();
                assertThat(built).isNotNull().startsWith(Marts.cacheRoot(data)).isRegularFile();
                rows = w.query(q).rows();
            }
            assertThat(Files.readString(Marts.cacheRoot(data).resolve("data"))).isEqualTo(data.toString());
            assertThat(gone).doesNotExist();
            assertThat(keep).isDirectory();
            // a report where DATA/marts cannot be written (here a file of that name) builds into the cache too
            io.anyscope.util.Trees.deleteQuietly(Marts.cacheRoot(data));
            Files.writeString(data.resolve(Marts.DIR), "not a directory");
            try (Warehouse w = Warehouse.open(data)) {
                assertThat(w.martsFile()).isEqualTo(built).isRegularFile();
                assertThat(w.query(q).rows()).isEqualTo(rows);
            } finally {
                Files.delete(data.resolve(Marts.DIR));
            }
            long modified = Files.getLastModifiedTime(built).toMillis();
            CommandRun again = CommandRun.ok("sql", "--data", data.toString(), "--format", "csv", q);
            assertThat(again.out().lines().skip(1).toList()).hasSize(DemoRepos.NAMES.size()).isEqualTo(rows.stream()
                    .map(r -> r.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))
                    .toList());
            assertThat(Files.getLastModifiedTime(built).toMillis()).isEqualTo(modified);
        } finally {
            System.clearProperty(Marts.CACHE_PROPERTY);
        }
        assertThat(treeListing(data)).isEqualTo(before);
    }

    /** Every file under {@code dir} with its size and modification time, one a line (but readers' pins). */
    private static String treeListing(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            StringBuilder b = new StringBuilder();
            for (Path p : s.filter(p -> !p.equals(dir) && !p.startsWith(dir.resolve(".readers"))).sorted().toList()) {
                b.append(dir.relativize(p)).append(' ').append(Files.isRegularFile(p) ? Files.size(p) : -1)
                        .append(' ').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
            return b.toString();
        }
    }

    private static Warehouse openViews(Path data, Warehouse.Options o) throws Exception {
        System.setProperty(Marts.PROPERTY, "off");
        try {
            return Warehouse.open(data, o);
        } finally {
            System.clearProperty(Marts.PROPERTY);
        }
    }
}
