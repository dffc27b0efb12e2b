package io.anyscope.fault;

import io.anyscope.pipeline.OutputFiles;
import io.anyscope.pipeline.ParquetRows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every fault case asserts, as far as it applies: the exit code, the {@code errors} row, the single stderr line
 * (no stack trace, no Java class names), and that nothing committed changed.
 */
public final class FaultAssertions {
    /** Signs of a stack trace or of an exception's class name reaching the user. */
    private static final List<Pattern> TRACE = List.of(
            Pattern.compile("^\\s+at [\\w$.]+\\(", Pattern.MULTILINE),
            Pattern.compile("\\bat (org|java|jdk|sun|com)\\.\\w"),
            Pattern.compile("Caused by:"),
            Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b"),
            Pattern.compile("\\b(java|javax|jdk|sun|org|com|io)\\.[a-z]\\w*(\\.\\w+)*\\.[A-Z]\\w+"));

    /** The tables whose rows a later run only adds to (or carries over unchanged for repositories it did not read). */
    private static final List<String> KEPT = List.of("runs", "errors", "blobs", "usages", "config_facts");

    private FaultAssertions() {
    }

    /** {@code text} carries no stack trace and names no Java exception class. */
    public static void assertNoStackTrace(String text) {
        for (Pattern p : TRACE) {
            assertThat(p.matcher(text).find()).as("a stack trace or Java class name (%s) in:%n%s", p, text)
                    .isFalse();
        }
    }

    /**
     * Stderr holds exactly one line about {@code path} of repository {@code repo}, naming both
     * ({@code anyscope: REPO: PATH: ...}; {@code REPO} is the repository's name for a problem in a file or commit,
     * its redacted location for a problem with the repository as a whole), and no stack trace at all. Returns that
     * line.
     */
    public static String assertOneLine(FaultRun run, String repo, String path) {
        String line = assertLineAbout(run, repo, path);
        assertNoStackTrace(run.err());
        return line;
    }

    /** As {@link #assertOneLine}, without looking at the rest of stderr (where a library may still log). */
    public static String assertLineAbout(FaultRun run, String repo, String path) {
        String lead = "anyscope: " + repo + ": " + (path == null ? "" : path + ": ");
        List<String> lines = run.errLines().stream().filter(l -> l.startsWith(lead)).toList();
        assertThat(lines).as("stderr lines starting with '%s' in%n%s", lead, run).hasSize(1);
        return lines.get(0);
    }

    /**
     * The {@code errors} rows about {@code path} in repository {@code repo} (any path when null), as
     * {@code "stage kind"}, of the latest run that recorded any row about that repository (a later run that had
     * nothing new to read in it records none).
     */
    public static List<String> errorRows(Path data, String repo, String path) throws Exception {
        String r = "'" + repo.replace("'", "''") + "'";
        return ParquetRows.rows(data, "SELECT stage || ' ' || kind FROM errors WHERE repo = " + r + " AND run_id = "
                + "(SELECT e.run_id FROM errors e JOIN runs USING (run_id) WHERE e.repo = " + r
                + " ORDER BY finished_at DESC LIMIT 1)"
                + (path == null ? "" : " AND path = '" + path.replace("'", "''") + "'") + " ORDER BY ALL");
    }

    /** Asserts that {@link #errorRows} holds exactly one row about {@code path}: {@code stage kind}. */
    public static void assertErrorRow(Path data, String repo, String path, String stage, String kind)
            throws Exception {
        assertThat(errorRows(data, repo, path)).as("errors rows of %s: %s", repo, path)
                .containsExactly(stage + " " + kind);
    }

    /** What a reader of DATA sees now: {@link OutputFiles#committed}. */
    public static Map<String, String> committed(Path data) throws Exception {
        return OutputFiles.committed(data);
    }

    /** Every row of the tables a run only adds to, per table: taken before a run, compared by {@link #assertKept}. */
    public static Map<String, List<String>> rowsKept(Path data) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String t : KEPT) {
            out.put(t, ParquetRows.rows(data, "SELECT * FROM " + t + " ORDER BY ALL"));
        }
        return out;
    }

    /**
     * Nothing committed before was lost or altered by a later run that committed a new generation: every row taken
     * by {@link #rowsKept} is still there, unchanged.
     */
    public static void assertKept(Path data, Map<String, List<String>> before) throws Exception {
        Map<String, List<String>> now = rowsKept(data);
        for (Map.Entry<String, List<String>> t : before.entrySet()) {
            assertThat(now.get(t.getKey())).as("rows of %s committed before", t.getKey())
                    .containsAll(t.getValue());
        }
    }
}
