package io.anyscope.git;

/** The {@code kind} column of the errors table, for the failures the git layer reports. */
public enum ErrorKind {
    MISSING_REPO("missing_repo"),
    CORRUPT("corrupt"),
    MISSING_OBJECT("missing_object"),
    TOO_LARGE("too_large"),
    BINARY("binary"),
    DECODE("decode"),
    SYMLINK("symlink"),
    SUBMODULE("submodule"),
    IO("io"),
    OTHER("other");

    private final String value;

    ErrorKind(String value) {
        this.value = value;
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
