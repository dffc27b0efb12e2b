package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unusual file names as paths in a repository: spaces, unicode, a newline, a leading dash, {@code ..} segments and
 * very long names. Each is stored verbatim, its facts extracted, nothing is written outside DATA, and a problem
 * with such a file is still one stderr line.
 */
class FileNamesFaultTest {
    static final String ASYNCIO = "import asyncio\nasyncio.run(main())\n";

    @TempDir
    Path tmp;

    @Test
    void unusualPathsAreStoredVerbatimAndReportedOnOneLine() throws Exception {
        String longName = "n".repeat(250) + ".py";
        String longDir = "d".repeat(200);
        String deep = String.join("/", java.util.Collections.nCopies(20, longDir)) + "/deep.py";
        Map<String, Object> paths = new TreeMap<>();
        for (String p : List.of("with space/file name.py", "\u00fcn\u00efc\u00f8d\u00e9/\u6a21\u5757.py",
                "new\nline.py", "-leading-dash.py", "--help.py", "a/../escape.py", "../up.py", longName, deep)) {
            paths.put(p, ASYNCIO.getBytes(StandardCharsets.UTF_8));
        }
        paths.put("bad\nname.py", new byte[] {'x', 0, 1});
        Path repo = tmp.resolve("names");
        try (GitFixture g = GitFixture.init(repo)) {
            commit(g, paths);
        }
        Path healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        Path data = tmp.resolve("data");
        FaultRun run = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, repo));
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.PARTIAL);
        Healthy.assertComplete(data);

        for (String p : paths.keySet()) {
            if (p.startsWith("bad")) {
                continue;
            }
            assertThat(ParquetRows.rows(data, "SELECT u.symbol FROM repos r JOIN files f USING (repo_id) JOIN usages u "
                    + "USING (blob_id) WHERE r.name = 'names' AND f.path = '" + p + "' ORDER BY 1"))
                    .as("facts of %s", p).containsExactly("asyncio", "asyncio.run");
        }
        FaultAssertions.assertErrorRow(data, "names", "bad\nname.py", "read", "binary");
        // The newline of the path is shown escaped: still one line.
        assertThat(FaultAssertions.assertOneLine(run, "names", "bad\\nname.py"))
                .contains("is binary (NUL byte at offset 1)");
        assertThat(run.errLines()).noneMatch(l -> l.startsWith("name.py"));
        // Nothing was written outside DATA (paths are never used as file names).
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.equals("escape.py") || n.equals("up.py") || n.equals("deep.py"));
        }
    }

    /**
     * A commit of {@code files} whose trees are written entry by entry ({@link TreeFormatter}), so that names git's
     * index refuses ({@code ..}) can be stored as a damaged or hostile repository would.
     */
    private static void commit(GitFixture g, Map<String, Object> files) throws Exception {
        try (ObjectInserter ins = g.repo.newObjectInserter()) {
            ObjectId tree = tree(ins, files);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            var who = GitFixture.ident("Alice", GitFixture.at("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage("names\n");
            ObjectId c = ins.insert(cb);
            ins.flush();
            g.setRef(Constants.R_HEADS + "main", c);
        }
    }

    private static ObjectId tree(ObjectInserter ins, Map<String, Object> entries) throws Exception {
        Map<String, Object> here = new TreeMap<>();
        Map<String, Map<String, Object>> subdirs = new TreeMap<>();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            int slash = e.getKey().indexOf('/');
            if (slash < 0) {
                here.put(e.getKey(), e.getValue());
            } else {
                subdirs.computeIfAbsent(e.getKey().substring(0, slash), k -> new TreeMap<>())
                        .put(e.getKey().substring(slash + 1), e.getValue());
            }
        }
        // Git orders entries by name, a tree's name as if followed by '/'.
        Map<String, Object[]> sorted = new TreeMap<>((a, b) -> a.compareTo(b));
        for (Map.Entry<String, Object> e : here.entrySet()) {
            sorted.put(e.getKey(), new Object[] {FileMode.REGULAR_FILE,
                    ins.insert(Constants.OBJ_BLOB, (byte[]) e.getValue())});
        }
        for (Map.Entry<String, Map<String, Object>> d : subdirs.entrySet()) {
            sorted.put(d.getKey() + "/", new Object[] {FileMode.TREE, tree(ins, d.getValue())});
        }
        TreeFormatter f = new TreeFormatter();
        for (Map.Entry<String, Object[]> e : sorted.entrySet()) {
            String name = e.getKey().endsWith("/") ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
            f.append(name, (FileMode) e.getValue()[0], (ObjectId) e.getValue()[1]);
        }
        return ins.insert(f);
    }
}
