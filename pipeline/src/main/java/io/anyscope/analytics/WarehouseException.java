package io.anyscope.analytics;

/** A warehouse could not be opened or a query failed; {@link #usage()} tells a user error (bad path) from a failure. */
public final class WarehouseException extends Exception {
    private final boolean usage;

    public WarehouseException(String message, boolean usage, Throwable cause) {
        super(message, cause);
        this.usage = usage;
    }

    public static WarehouseException usage(String message) {
        return new WarehouseException(message, true, null);
    }

    public boolean usage() {
        return usage;
    }
}
