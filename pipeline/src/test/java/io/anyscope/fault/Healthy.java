package io.anyscope.fault;

import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthy reference repository of the fault cases: scanned next to a bad input, its data must be complete, i.e.
 * exactly what a scan of it alone gives (computed once per JVM).
 */
public final class Healthy {
    /** Its name in repository lists, the {@code repos} table and stderr lines. */
    public static final String NAME = "healthy";

    private static List<String> alone;

    private Healthy() {
    }

    /** Creates the repository (two weeks of history, asyncio, trio and anyio usages, a pyproject.toml) in {@code dir}. */
    public static Path create(Path dir) {
        try (GitFixture g = GitFixture.init(dir)) {
            var first = g.commit("main", "2026-03-02T10:00:00Z", Map.of(
                    "svc/app.py", "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n",
                    "pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"anyio>=4\", \"trio\"]\n"));
            g.commit("main", "2026-03-10T10:00:00Z", Map.of(
                    "svc/app.py", "import anyio\n\nasync def main():\n    await anyio.sleep(1)\n",
                    "svc/worker.py", "import trio\n\ndef run():\n    trio.run(main)\n    trio.lowlevel.checkpoint()\n",
                    "pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"anyio>=4\", \"trio\"]\n"),
                    first);
        }
        return dir;
    }

    /**
     * Its rows in DATA: each snapshot's usages (label, path, line, column, symbol), its config facts' count and
     * its repository status.
     */
    public static List<String> rows(Path data) throws Exception {
        List<String> rows = new java.util.ArrayList<>(ParquetRows.rows(data,
                "SELECT s.label, f.path, u.line, u.col, u.symbol FROM repos r JOIN snapshots s USING (repo_id) "
                + "JOIN files f ON f.repo_id = s.repo_id AND f.commit_id = s.commit_id "
                + "JOIN usages u ON u.blob_id = f.blob_id WHERE r.name = '" + NAME + "' ORDER BY ALL"));
        rows.addAll(ParquetRows.rows(data, "SELECT 'config ' || count(*) FROM repos r JOIN snapshots s USING "
                + "(repo_id) JOIN files f ON f.repo_id = s.repo_id AND f.commit_id = s.commit_id "
                + "JOIN config_facts c ON c.blob_id = f.blob_id WHERE r.name = '" + NAME + "'"));
        rows.addAll(ParquetRows.rows(data, "SELECT 'status ' || status FROM repos WHERE name = '" + NAME + "'"));
        return rows;
    }

    /** Asserts that DATA holds exactly the healthy repository's data of a scan of it alone, with the same options. */
    public static void assertComplete(Path data, String... options) throws Exception {
        assertThat(rows(data)).as("the healthy repository's data").isEqualTo(alone(options));
    }

    private static synchronized List<String> alone(String... options) throws Exception {
        if (alone == null || options.length > 0) {
            Path tmp = Files.createTempDirectory("anyscope-healthy");
            try {
                Path repo = create(tmp.resolve(NAME));
                FaultRun run = FaultRun.scan(tmp.resolve("data"), tmp.resolve("cache"), List.of(repo), options);
                assertThat(run.code()).as(run.toString()).isZero();
                List<String> rows = rows(tmp.resolve("data"));
                assertThat(rows).as("a scan of the healthy repository alone").hasSizeGreaterThan(3);
                if (options.length > 0) {
                    return rows;
                }
                alone = rows;
            } finally {
                io.anyscope.util.Trees.delete(tmp);
            }
        }
        return alone;
    }
}
