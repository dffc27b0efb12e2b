package io.anyscope.git;

/**
 * What {@link BlobReader#read} found.
 *
 * @param status  ok, or why the content is not returned
 * @param bytes   the content when ok, else {@code null}
 * @param size    the blob size when known, else -1
 * @param message why, when not ok
 */
public record BlobResult(Status status, byte[] bytes, long size, String message) {
    public enum Status {
        OK(null),
        TOO_LARGE(ErrorKind.TOO_LARGE),
        BINARY(ErrorKind.BINARY),
        MISSING_OBJECT(ErrorKind.MISSING_OBJECT),
        CORRUPT(ErrorKind.CORRUPT);

        private final ErrorKind kind;

        Status(ErrorKind kind) {
            this.kind = kind;
        }

        /** The errors-table kind; {@code null} for OK. */
        public ErrorKind kind() {
            return kind;
        }
    }

    public static BlobResult ok(byte[] bytes) {
        return new BlobResult(Status.OK, bytes, bytes.length, null);
    }

    public static BlobResult failed(Status status, long size, String message) {
        return new BlobResult(status, null, size, Redactor.redact(message));
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The errors-table kind; {@code null} when ok. */
    public ErrorKind kind() {
        return status.kind();
    }
}
