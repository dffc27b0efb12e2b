package io.anyscope.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes the hand-made data set of fixture.sql as Parquet, in the layout of schemas/README.md:
 * {@code DATA/generations/run-1/<table>/part-0.parquet} and {@code DATA/current -> generations/run-1}.
 *
 * <p>Hand-computed facts about it (asserted by the tests):
 * <ul>
 * <li>alpha weekly (legacy direct references, anyio direct references, %): W02 6/0/0, W03 6/0/0, W04 5/1/16.7, W05 5/2/28.6, W06 5/2/28.6,
 * W07 4/3/42.9; beta: W04 4/0/0, W05 4/0/0, W06 2/2/50, W07 2/2/50; org W07 6/5/45.5.</li>
 * <li>one regression: alpha 2026-W05 app/server.py:30 asyncio.create_task, attributed to commit ca05a by Eve Early
 * at 2026-01-27 14:00 UTC, the only change of app/server.py in (W04's ca04, W05's ca05] (the week's snapshot commit
 * ca05 is Dana Dev's, who only added app/notes.py); line shifts in W04 and in beta W06 are not regressions.</li>
 * <li>effort at head with src/sql/effort_weights.csv: alpha 479 min, beta 592 min, org 1071 min (17.85 h).</li>
 * <li>churn (commits that changed the path in the 8 weeks up to the head commit): app/server.py 3 (ca01, ca04,
 * ca05a), app/util.py 3 (ca01, ca07a, ca07), svc/main.py 2 (cb04, cb06); hotspots (legacy weights + 4 per finding at
 * head): app/server.py (36.5 + 4) x 3 = 121.5, app/util.py 32.5 x 3 = 97.5, svc/main.py (20.5 + 4) x 2 = 49;
 * function util.py helper 32 x 3 = 96.</li>
 * <li>with anyscope_churn_weeks = 2 (alpha: after 2026-01-29 16:50, beta: after 2026-01-27 13:05): app/util.py 2,
 * app/compat.py 1, app/notes.py 1 (the delete), svc/main.py 1, app/server.py none (scores its weight: 40.5).</li>
 * <li>dependency blockers at head: nest-asyncio (alpha; its Trio is declared beside anyio, so it is AnyIO's backend),
 * trio-asyncio (beta).</li>
 * <li>findings: alpha app/server.py:14 await-start-soon from W05 (attributed to ca05a, Eve Early), beta svc/main.py:12
 * asyncio-timeout-error-around-fail-after from W06 (cb06, Bo Beta); both at head.</li>
 * </ul>
 */
public final class AnalyticsFixture {
    private AnalyticsFixture() {
    }

    public static Path write(Path data) throws IOException, SQLException {
        return write(data, null);
    }

    /** Writes the fixture, then runs {@code damage} (SQL against the fx_ temp tables and files) when not null. */
    public static Path write(Path data, String damage) throws IOException, SQLException {
        Path gen = data.resolve("generations").resolve("run-1");
        for (String t : Warehouse.TABLES) {
            Files.createDirectories(gen.resolve(t));
        }
        Path current = data.resolve("current");
        Files.deleteIfExists(current);
        Files.createSymbolicLink(current, Path.of("generations", "run-1"));
        String sql;
        try (InputStream in = AnalyticsFixture.class.getResourceAsStream("fixture.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String dir = gen.toAbsolutePath().toString().replace("'", "''");
        if (damage != null) {
            // damage runs before the COPY statements: it edits the fx_ tables
            int at = sql.indexOf("COPY (");
            sql = sql.substring(0, at) + damage + "\n" + sql.substring(at);
        }
        sql = sql.replace("{{DIR}}", dir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String st : Warehouse.splitStatements(sql)) {
                s.execute(st);
            }
        }
        return data;
    }
}
