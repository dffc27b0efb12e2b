package io.anyscope.pipeline;

import io.anyscope.git.ErrorKind;
import io.anyscope.git.Redactor;
import io.anyscope.git.RepoSpec;
import io.anyscope.git.Stage;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.TupleTag;

/**
 * One bad input of a scan: what it is about, the stage that met it, its kind and message, and whether the input's
 * data is missing ({@code failed}: the run is partial) or only noted. {@link #report} is the one place a problem is
 * counted, printed to stderr (one line) and made into its errors row.
 *
 * @param lineMessage the stderr line's words when they differ from the row's {@code message}, else {@code null}
 */
public record Problem(Subject subject, Stage stage, String kind, String message, boolean failed,
                      String lineMessage) {
    /** The errors output of every stage. */
    static final TupleTag<GenericRecord> ERRORS = new TupleTag<>() { };

    /**
     * What a problem is about: a repository (its id, its name in the row, and how the stderr line names it), and
     * within it a snapshot commit, a path and a blob, each {@code null} when the problem is not about one.
     */
    public record Subject(String repoId, String repo, String shownAs, String snapshot, String path, String blobId) {
        /** A repository as planning meets it: the stderr line names it by its (redacted) location. */
        static Subject repository(RepoSpec spec) {
            return new Subject(spec.repoId(), spec.name(), spec.redactedLocation(), null, null, null);
        }

        /** Something a task reads in a repository: the stderr line names the repository by its name. */
        static Subject in(RepoSpec spec, String repoId) {
            return new Subject(repoId, spec.name(), spec.name(), null, null, null);
        }

        Subject commit(String commitId) {
            return new Subject(repoId, repo, shownAs, commitId, path, blobId);
        }

        Subject file(String filePath, String fileBlobId) {
            return new Subject(repoId, repo, shownAs, snapshot, filePath, fileBlobId);
        }
    }

    /** A problem of one of the errors-table kinds: a failure unless the kind loses no data. */
    static Problem of(Subject subject, Stage stage, ErrorKind kind, String message) {
        return new Problem(subject, stage, kind.value(), message, kind.losesData(), null);
    }

    /** A file the extractor refused, with the extractor's own kind ({@code binary}, {@code unsupported}, ...). */
    static Problem extractorRefused(Subject subject, String kind, String message) {
        return new Problem(subject, Stage.EXTRACT, kind, message, true, null);
    }

    /** The same problem, with other words on the stderr line than in the row. */
    Problem shown(String words) {
        return new Problem(subject, stage, kind, message, failed, words);
    }

    /**
     * Counts this problem in {@code errors} (and in {@code failed_inputs} when {@link #failed}), prints its stderr
     * line and returns its errors row.
     */
    GenericRecord report(String runId, ScanMetrics.Tally tally) {
        tally.inc("errors");
        if (failed) {
            tally.inc("failed_inputs");
        }
        tally.show(line(subject.shownAs(), subject.path(), lineMessage != null ? lineMessage : message));
        return Rows.error(runId, this);
    }

    /**
     * One stderr line naming the repository (redacted) and the path once: messages that already begin with them
     * (GitInputException's and the extractor's do) are not prefixed twice.
     */
    static String line(String repo, String path, String message) {
        String r = Redactor.redact(repo);
        String m = Redactor.redact(message == null ? "" : message);
        for (String lead : new String[] {"repository " + r + ": ", r + ": "}) {
            if (m.startsWith(lead)) {
                m = m.substring(lead.length());
                break;
            }
        }
        if (path != null && m.startsWith(path + ": ")) {
            m = m.substring(path.length() + 2);
        }
        return visible("anyscope: " + r + (path == null ? "" : ": " + path) + ": " + m);
    }

    /**
     * The line with its control characters shown escaped ({@code \n}, {@code \r}, {@code \t}, else
     * {@code \xNN}): a path or message holding a newline or a terminal escape stays one plain line.
     */
    public static String visible(String line) {
        StringBuilder sb = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != '\u2028' && c != '\u2029') {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(line.length() + 8).append(line, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? line : sb.toString();
    }
}
