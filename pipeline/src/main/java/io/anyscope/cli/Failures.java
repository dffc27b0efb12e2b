package io.anyscope.cli;

import io.anyscope.git.Redactor;
import io.anyscope.pipeline.Logs;
import io.anyscope.pipeline.Scan;

import java.io.PrintWriter;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line, for the user, about a run that failed as a whole (exit 3): what happened and what to do, without a stack
 * trace or a Java class name (the details are in the run's log, and on stderr with {@code --verbose}).
 */
final class Failures {
    // How the JDK, Hadoop and Parquet word a full device (ENOSPC) or an exhausted quota (EDQUOT).
    private static final Pattern DISK_FULL = Pattern.compile("No space left on device|Disk quota exceeded");
    // An absolute path in a message (the file being written when it failed).
    private static final Pattern PATH = Pattern.compile("(/[^\\s:,;'\"()\\[\\]]+)");
    // A leading Java class name in a message ("java.io.IOException: ...").
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)?: ");

    private Failures() {
    }

    /** A scan to run. */
    @FunctionalInterface
    interface ScanBody {
        Scan.Outcome run() throws Exception;
    }

    /**
     * Runs a scan of {@code command} into {@code data}, with the libraries' log on {@code err} when {@code verbose};
     * when it fails as a whole, prints its one line (and, when verbose, its trace) and returns null (exit 3).
     */
    static Scan.Outcome scan(String command, Path data, boolean verbose, PrintWriter err, ScanBody body) {
        try {
            Logs.verbose(verbose ? err : null);
            Logs.forgetRunLog();
            return body.run();
        } catch (Exception e) {
            err.println("anyscope " + command + ": " + report(e, data));
            if (verbose) {
                e.printStackTrace(err);
            }
            return null;
        } finally {
            Logs.verbose(null);
        }
    }

    /**
     * The one line for a failed run writing into {@code data} ("disk full writing ...", or "failed: <cause>"), after
     * the failure's details went to the run's log.
     */
    static String report(Throwable e, Path data) {
        Path log = Logs.recordFailure(e);
        String line = describe(e, data);
        return log == null || find(e) != null ? line : line + " (details: " + log + ")";
    }

    /** The one line for a failed run writing into {@code data}: "disk full writing ...", or "failed: <cause>". */
    static String describe(Throwable e, Path data) {
        Throwable full = find(e);
        if (full != null) {
            String where = full instanceof FileSystemException f && f.getFile() != null ? f.getFile() : pathIn(full);
            return "disk full writing " + (where != null ? where : data.resolve(".staging"))
                    + ": free space or use --out elsewhere; nothing was changed in " + data;
        }
        String cause = Redactor.redact(firstLine(innermostMessage(e)));
        return "failed: " + cause + (cause.contains("nothing was changed") ? "" : "; " + data + " is unchanged");
    }

    private static Throwable find(Throwable e) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && DISK_FULL.matcher(t.getMessage()).find()) {
                return t;
            }
            if (t instanceof FileSystemException f && f.getReason() != null
                    && DISK_FULL.matcher(f.getReason()).find()) {
                return t;
            }
            for (Throwable s : t.getSuppressed()) {
                Throwable hit = find(s);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }

    private static String pathIn(Throwable t) {
        Matcher m = PATH.matcher(String.valueOf(t.getMessage()));
        return m.find() ? m.group(1) : null;
    }

    /** The message of the deepest cause that has one (Beam wraps the real failure several times). */
    private static String innermostMessage(Throwable e) {
        String msg = null;
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }

    private static String firstLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        Matcher m;
        while ((m = CLASS_PREFIX.matcher(line)).find()) {
            line = line.substring(m.end());
        }
        return line;
    }
}
