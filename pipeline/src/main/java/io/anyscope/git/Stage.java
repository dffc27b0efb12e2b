package io.anyscope.git;

/** The {@code stage} column of the errors table: the stages the git layer runs, and extraction. */
public enum Stage {
    /** Opening a local repository (or the cached clone of a remote one). */
    OPEN("open"),
    /** Cloning or fetching a remote repository into the cache. */
    FETCH("fetch"),
    /** Resolving the branch and walking its first-parent history. */
    HISTORY("history"),
    /** Listing a snapshot's tree. */
    LIST("list"),
    /** Comparing a commit's tree with its first parent's (the changes table). */
    CHANGES("changes"),
    /** Reading a blob. */
    READ("read"),
    /** Extracting a blob's facts (the extractors, after the git layer). */
    EXTRACT("extract");

    private final String value;

    Stage(String value) {
        this.value = value;
    }

    /** The value written to the {@code stage} column. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
