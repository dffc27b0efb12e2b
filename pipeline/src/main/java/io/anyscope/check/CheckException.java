package io.anyscope.check;

/** {@code check} cannot run: a usage problem (an unknown revision, no git repository) or an input it cannot read. */
public final class CheckException extends Exception {
    private final boolean usage;

    private CheckException(String message, boolean usage, Throwable cause) {
        super(message, cause);
        this.usage = usage;
    }

    /** The command line asked for something that does not exist or does not fit (exit code 2). */
    public static CheckException usage(String message) {
        return new CheckException(message, true, null);
    }

    /** The check could not run (exit code 3). */
    public static CheckException failed(String message, Throwable cause) {
        return new CheckException(message, false, cause);
    }

    public boolean isUsage() {
        return usage;
    }
}
