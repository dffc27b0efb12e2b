package io.anyscope.extract;

/**
 * A file that cannot be extracted. {@link #kind()} is one of the error kinds the data set records
 * ({@code binary}, {@code too_large}, {@code unsupported}, ...).
 */
public class ExtractionException extends Exception {
    private final String kind;

    public ExtractionException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
