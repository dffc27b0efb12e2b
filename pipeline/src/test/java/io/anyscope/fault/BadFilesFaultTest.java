package io.anyscope.fault;

import io.anyscope.cli.Main;
import io.anyscope.git.GitFixture;
import io.anyscope.pipeline.ParquetRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.anyscope.fault.FaultAssertions.assertErrorRow;
import static io.anyscope.fault.FaultAssertions.assertOneLine;
import static io.anyscope.git.GitFixture.bytes;
import static io.anyscope.git.GitFixture.gitlink;
import static io.anyscope.git.GitFixture.symlink;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad files in a repository: binary, too large, latin-1, UTF-16 with a BOM, invalid UTF-8, deep nesting, symlinks
 * (to a file, a directory, outside, a loop) and a submodule. Three scans into one DATA: the healthy repository alone;
 * then with a repository of files that lose no data (notes: exit 0); then with one of files that cannot be read
 * (exit 1). Each case asserts its errors row, its one stderr line, and the healthy repository's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadFilesFaultTest {
    static final String CAP = "2000000";
    static final String ASYNCIO = "import asyncio\nasyncio.run(main())\n";

    @TempDir
    static Path tmp;
    Path data;
    FaultRun notes;
    FaultRun failing;
    Map<String, List<String>> afterGood;
    Map<String, List<String>> afterNotes;

    @BeforeAll
    void scans() throws Exception {
        Path healthy = Healthy.create(tmp.resolve(Healthy.NAME));
        data = FaultData.goodScan(tmp.resolve("data"), tmp.resolve("cache"), healthy, "--max-file-size", CAP);
        afterGood = FaultAssertions.rowsKept(data);

        Map<String, Object> noted = new HashMap<>();
        noted.put("ok.py", ASYNCIO);
        noted.put("latin.py", bytes("import asyncio\ns = 'caf\u00e9'\nasyncio.sleep(1)\n"
                .getBytes(StandardCharsets.ISO_8859_1)));
        noted.put("cookie.py", bytes("# -*- coding: latin-1 -*-\nimport asyncio\ns = 'caf\u00e9'\nasyncio.sleep(1)\n"
                .getBytes(StandardCharsets.ISO_8859_1)));
        ByteArrayOutputStream invalid = new ByteArrayOutputStream();
        invalid.writeBytes("import asyncio\ns = '".getBytes(StandardCharsets.US_ASCII));
        invalid.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xa1, (byte) 0xf0});
        invalid.writeBytes("'\nasyncio.sleep(1)\n".getBytes(StandardCharsets.US_ASCII));
        noted.put("invalid_utf8.py", bytes(invalid.toByteArray()));
        noted.put("deep_parens.py", "import asyncio\nx = " + "(".repeat(5000) + "asyncio.sleep(1)" + ")".repeat(5000)
                + "\n");
        noted.put("deep_lists.py", "import asyncio\nx = " + "[".repeat(5000) + "asyncio.Lock()" + "]".repeat(5000)
                + "\n");
        StringBuilder blocks = new StringBuilder("import asyncio\n");
        for (int i = 0; i < 1000; i++) {
            blocks.append(" ".repeat(i)).append("if x:\n");
        }
        blocks.append(" ".repeat(1000)).append("asyncio.sleep(1)\n");
        noted.put("deep_blocks.py", blocks.toString());
        noted.put("link.py", symlink("ok.py"));
        noted.put("dirlink", symlink("pkg"));
        noted.put("pkg/inner.py", ASYNCIO);
        noted.put("outside.py", symlink("/etc/passwd"));
        noted.put("loop.py", symlink("loop.py"));
        noted.put("ping.py", symlink("pong.py"));
        noted.put("pong.py", symlink("ping.py"));
        noted.put("vendored.py", gitlink("0123456789abcdef0123456789abcdef01234567"));
        noted.put(".gitmodules", "[submodule \"vendored.py\"]\n\tpath = vendored.py\n\turl = https://example.com/v.git\n");
        Path notesRepo = tmp.resolve("notes");
        try (GitFixture g = GitFixture.init(notesRepo)) {
            g.commit("main", "2026-03-02T10:00:00Z", noted);
        }
        notes = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, notesRepo), "--max-file-size", CAP);
        afterNotes = FaultAssertions.rowsKept(data);

        Map<String, Object> bad = new HashMap<>();
        bad.put("ok.py", ASYNCIO);
        bad.put("bin.py", bytes(new byte[] {'i', 'm', 0, 0, 1, 2}));
        bad.put("big.py", "import asyncio\n" + "x = 1\n".repeat(400_000));
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
        utf16.writeBytes(ASYNCIO.getBytes(StandardCharsets.UTF_16LE));
        bad.put("utf16.py", bytes(utf16.toByteArray()));
        Path badRepo = tmp.resolve("failing");
        try (GitFixture g = GitFixture.init(badRepo)) {
            g.commit("main", "2026-03-02T10:00:00Z", bad);
        }
        failing = FaultRun.scan(data, tmp.resolve("cache"), List.of(healthy, notesRepo, badRepo), "--max-file-size",
                CAP);
    }

    /** The errors row of {@code path} (latest run of its repository), its one stderr line, and its facts. */
    private void assertCase(FaultRun run, String repo, String path, String stage, String kind, String line,
                            String... facts) throws Exception {
        assertErrorRow(data, repo, path, stage, kind);
        assertThat(assertOneLine(run, repo, path)).isEqualTo("anyscope: " + repo + ": " + path + ": " + line);
        assertThat(facts(repo, path)).containsExactly(facts);
    }

    /** The usages of {@code path} in repository {@code repo}, as "line symbol". */
    private List<String> facts(String repo, String path) throws Exception {
        return ParquetRows.rows(data, "SELECT u.line || ' ' || u.symbol FROM repos r JOIN files f USING (repo_id) "
                + "JOIN usages u USING (blob_id) WHERE r.name = '" + repo + "' AND f.path = '" + path
                + "' ORDER BY u.line, u.symbol");
    }

    @Test
    void notesLoseNoDataAndTheHealthyRepositoryIsComplete() throws Exception {
        assertThat(notes.code()).as(notes.toString()).isEqualTo(Main.OK);
        assertThat(failing.code()).as(failing.toString()).isEqualTo(Main.PARTIAL);
        Healthy.assertComplete(data, "--max-file-size", CAP);
        FaultAssertions.assertKept(data, afterGood);
        FaultAssertions.assertKept(data, afterNotes);
    }

    @Test
    void aBinaryFile() throws Exception {
        assertCase(failing, "failing", "bin.py", "read", "binary",
                "blob 457dc498eb4bf01819cf514ed159f5ce8b050c76 is binary (NUL byte at offset 2)");
    }

    @Test
    void aFileOverMaxFileSize() throws Exception {
        assertCase(failing, "failing", "big.py", "read", "too_large",
                "blob be3c712f73667ec73be7b595779711af527d6822 has 2400015 bytes, over the cap of " + CAP);
    }

    @Test
    void utf16WithABomIsNotPythonSource() throws Exception {
        // Python refuses it too ("source code cannot contain null bytes"): a binary file, named with its NUL byte.
        assertCase(failing, "failing", "utf16.py", "read", "binary",
                "blob 5ea0ef026e2ed71a0f7497be150cdd791eddcf7c is binary (NUL byte at offset 3)");
    }

    @Test
    void latin1WithoutACodingCookieIsDecodedWithReplacements() throws Exception {
        assertCase(notes, "notes", "latin.py", "extract", "decode",
                "undecodable bytes (utf-8) replaced; facts still extracted", "1 asyncio", "3 asyncio.sleep");
    }

    @Test
    void latin1WithACodingCookieIsRead() throws Exception {
        assertThat(FaultAssertions.errorRows(data, "notes", "cookie.py")).isEmpty();
        assertThat(notes.err()).doesNotContain("cookie.py");
        assertThat(facts("notes", "cookie.py")).containsExactly("2 asyncio", "4 asyncio.sleep");
    }

    @Test
    void invalidUtf8IsDecodedWithReplacements() throws Exception {
        assertCase(notes, "notes", "invalid_utf8.py", "extract", "decode",
                "undecodable bytes (utf-8) replaced; facts still extracted", "1 asyncio", "3 asyncio.sleep");
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() throws Exception {
        // 5,000 nested parentheses and brackets: valid Python, every fact found, nothing recorded.
        assertThat(FaultAssertions.errorRows(data, "notes", "deep_parens.py")).isEmpty();
        assertThat(FaultAssertions.errorRows(data, "notes", "deep_lists.py")).isEmpty();
        assertThat(facts("notes", "deep_parens.py")).containsExactly("1 asyncio", "2 asyncio.sleep");
        assertThat(facts("notes", "deep_lists.py")).containsExactly("1 asyncio", "2 asyncio.Lock");
        // 1,000 nested blocks (CPython itself stops at 100 levels): a syntax note, the facts still found.
        assertCase(notes, "notes", "deep_blocks.py", "extract", "syntax",
                "1 syntax error node(s); facts extracted from the valid parts", "1 asyncio", "1002 asyncio.sleep");
    }

    @Test
    void symlinksAreRecordedNotFollowed() throws Exception {
        for (String link : List.of("link.py", "outside.py", "loop.py", "ping.py", "pong.py")) {
            assertCase(notes, "notes", link, "list", "symlink", "symbolic link, not followed");
        }
        // A link to a directory has no tracked name: nothing to record; the directory itself is read once.
        assertThat(FaultAssertions.errorRows(data, "notes", "dirlink")).isEmpty();
        assertThat(facts("notes", "pkg/inner.py")).containsExactly("1 asyncio", "2 asyncio.run");
        assertThat(ParquetRows.rows(data, "SELECT count(*) FROM repos r JOIN files f USING (repo_id) WHERE "
                + "r.name = 'notes' AND f.path LIKE 'dirlink%'")).containsExactly("0");
    }

    @Test
    void aSubmoduleIsRecordedNotFollowed() throws Exception {
        assertCase(notes, "notes", "vendored.py", "list", "submodule",
                "submodule at commit 0123456789abcdef0123456789abcdef01234567, not followed");
    }
}
