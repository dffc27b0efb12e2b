package io.anyscope.fault;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the history fault cases share (DatesFaultTest, DamagedHistoryFaultTest): a scan run as a user types it, the
 * data set's tables read back through DuckDB, the problem lines of stderr, the bytes of a generation, and damage done
 * to loose objects on disk.
 */
final class HistoryFaultSupport {
    private HistoryFaultSupport() {
    }

    /** {@code anyscope scan} in process, the workers' stderr included. */
    static CommandRun scan(Path data, Path cache, String history, List<Path> repos, String... more) {
        List<String> args = new ArrayList<>(List.of("scan", "--out", data.toString(), "--history", history,
                "--cache", cache.toString(), "--no-progress"));
        args.addAll(List.of(more));
        repos.forEach(r -> args.add(r.toString()));
        return CommandRun.withProcessErr(args.toArray(String[]::new));
    }

    /** A commit of one author and committer date each ({@code message} names it). */
    static ObjectId commit(GitFixture g, String author, String committed, Map<String, ?> files, ObjectId... parents) {
        return g.commit("main", GitFixture.ident("Alice", GitFixture.at(author), java.time.ZoneOffset.UTC),
                GitFixture.ident("Alice", GitFixture.at(committed), java.time.ZoneOffset.UTC), "at " + committed,
                files, parents);
    }

    /** Rows of a query over the current generation's tables (a view per table), timestamps in UTC. */
    static List<String> rows(Path data, String sql) throws Exception {
        List<String> setUp = new ArrayList<>(List.of("SET TimeZone = 'UTC'"));
        try (Stream<Path> tables = Files.list(data.resolve("current"))) {
            for (Path t : tables.filter(Files::isDirectory).toList()) {
                setUp.add("CREATE VIEW " + t.getFileName() + " AS SELECT * FROM read_parquet('" + t
                        + "/*.parquet', union_by_name = true)");
            }
        }
        return ParquetRows.query(setUp, sql);
    }

    /** The problem lines a run printed (one per problem: {@code anyscope: <repo>: ...}). */
    static List<String> problemLines(CommandRun run) {
        return run.err().lines().filter(l -> l.startsWith("anyscope: ")).toList();
    }

    /** Asserts stderr holds no stack trace and no Java class name. */
    static void assertNoTrace(CommandRun run) {
        assertThat(run.err()).doesNotContain("\tat ", "Exception", "org.eclipse", "java.lang");
    }

    /** SHA-256 of every file of the current generation, by path relative to it. */
    static Map<String, String> generationBytes(Path data) throws Exception {
        Path cur = data.resolve("current").toRealPath();
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(cur)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(cur.relativize(p).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    /**
     * Asserts the new generation carried the previous one's Parquet files of {@code tables} byte for byte (as hard
     * links of the same name): what was committed did not change.
     */
    static void assertCarried(Map<String, String> before, Path data, String... tables) throws Exception {
        Map<String, String> after = generationBytes(data);
        int carried = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            for (String t : tables) {
                if (e.getKey().startsWith(t + "/") && e.getKey().endsWith(".parquet")) {
                    assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                    carried++;
                }
            }
        }
        assertThat(carried).isPositive();
    }

    /** The loose object file of an id. */
    static Path loose(Path repo, String id) {
        return repo.resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
    }

    /** Deletes a loose object (a damaged or partial clone). */
    static void delete(Path repo, String id) throws IOException {
        Files.delete(loose(repo, id));
    }

    /** Overwrites a loose object with bytes that are not a zlib stream of an object. */
    static void corrupt(Path repo, String id) throws IOException {
        Path f = loose(repo, id);
        f.toFile().setWritable(true);
        Files.write(f, "this is not a git object\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
