package io.anyscope.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses statements that would write into the data set. Checked before DuckDB sees a statement: every statement
 * that is not a plain query (COPY, ATTACH, EXPORT, INSTALL, SET, PRAGMA, CREATE, ...) whose string literals name a
 * path inside DATA (as given, or through {@code current} and other links) is refused. In the sandboxed modes
 * (notebooks, reports) DuckDB itself refuses every file outside the pinned Parquet files and the allowed
 * directories; the one write it would still let through, a COPY straight over one of those very files
 * ({@code USE_TMP_FILE false}), is refused here whatever its path.
 */
final class WriteGuard {
    /** First keywords of statements that only read. */
    private static final Set<String> READ_ONLY = Set.of("SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE",
            "SHOW", "SUMMARIZE", "PIVOT", "UNPIVOT", "(");

    private final Path data;
    private final Path dataReal;
    private final boolean sandboxed;

    WriteGuard(Path data, boolean sandboxed) {
        this.data = data.toAbsolutePath().normalize();
        this.dataReal = real(this.data);
        this.sandboxed = sandboxed;
    }

    void check(String sql) throws WarehouseException {
        List<String> words = SqlLexer.keywords(sql, 2);
        String kw = words.isEmpty() ? "" : words.get(0);
        if (sandboxed && sql.toLowerCase(Locale.ROOT).contains("use_tmp_file")) {
            throw refused(kw + " with USE_TMP_FILE could overwrite the data set's files: not allowed here");
        }
        if (READ_ONLY.contains(kw) || (kw.equals("SET") && words.size() > 1 && words.get(1).equals("VARIABLE"))) {
            return;
        }
        for (String literal : SqlLexer.literals(sql)) {
            Path p = asPath(literal);
            if (p != null && inside(p)) {
                throw refused(kw + " would write into the data set " + data + " ('" + literal
                        + "'): its files are read-only to anyscope's SQL; write elsewhere");
            }
        }
    }

    static WarehouseException refused(String what) {
        return new WarehouseException("refused: " + what, false, null);
    }

    /** Whether a path (absolute, normalized) is DATA or under it, as written or once its links are resolved. */
    boolean inside(Path p) {
        return p.startsWith(data) || p.startsWith(dataReal) || real(p).startsWith(dataReal);
    }

    /** A literal as a local path (relative to the working directory; {@code file:} and {@code ~} understood). */
    static Path asPath(String literal) {
        String s = literal.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.startsWith("file://")) {
            s = s.substring("file://".length());
        } else if (s.startsWith("file:")) {
            s = s.substring("file:".length());
        } else if (s.contains("://")) {
            return null; // remote
        }
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        try {
            return Path.of(s).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The path with its longest existing prefix resolved through links. */
    static Path real(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
