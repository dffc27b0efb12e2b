package io.anyscope.git;

/**
 * The {@code kind} column of the errors table: the failures the git layer reports, and the notes of extraction. A
 * kind that {@link #losesData() loses no data} is recorded but does not make a run partial.
 */
public enum ErrorKind {
    MISSING_REPO("missing_repo", true),
    CORRUPT("corrupt", true),
    MISSING_OBJECT("missing_object", true),
    TOO_LARGE("too_large", true),
    BINARY("binary", true),
    /** Undecodable bytes, replaced: the facts are still extracted. */
    DECODE("decode", false),
    /** A symlink with a tracked name: recorded, not followed. */
    SYMLINK("symlink", false),
    /** A submodule with a tracked name: recorded, not followed. */
    SUBMODULE("submodule", false),
    /** Syntax errors: the facts come from the valid parts. */
    SYNTAX("syntax", false),
    /**
     * Commits dated long before the rest of the history (a root commit dated 1970): kept in the history, but the
     * weekly and monthly series do not start at them ({@link History#seriesStart}).
     */
    DATE_OUTLIER("date_outlier", false),
    /** An unreadable part of a configuration file. */
    CONFIG("config", false),
    IO("io", true),
    OTHER("other", true);

    private final String value;
    private final boolean losesData;

    ErrorKind(String value, boolean losesData) {
        this.value = value;
        this.losesData = losesData;
    }

    /** Whether the input's data is missing (a failed input, exit code 1), not merely noted. */
    public boolean losesData() {
        return losesData;
    }

    /**
     * Whether a value of the {@code kind} column is a failure (loses data); a value no kind has (written by another
     * version) counts as one.
     */
    public static boolean losesData(String value) {
        for (ErrorKind k : values()) {
            if (k.value.equals(value)) {
                return k.losesData;
            }
        }
        return true;
    }

    /** The value written to the {@code kind} column. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
