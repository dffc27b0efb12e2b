package io.anyscope.git;

/**
 * A repository (or a part of one) could not be read. Carries what an errors-table row needs: the {@link ErrorKind} and
 * the {@link Stage}. The message names the repository by its redacted location and is itself passed through
 * {@link Redactor#redact}, so it never carries credentials, whatever the cause said.
 */
public class GitInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final Stage stage;

    public GitInputException(ErrorKind kind, Stage stage, String message) {
        this(kind, stage, message, null);
    }

    public GitInputException(ErrorKind kind, Stage stage, String message, Throwable cause) {
        // The cause is kept for stack traces but its message is not copied: JGit messages may quote a URL.
        super(Redactor.redact(message), cause == null ? null : new RedactedCause(cause));
        this.kind = kind;
        this.stage = stage;
    }

    public ErrorKind kind() {
        return kind;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * Stands in for a third-party cause so that printing the stack trace cannot leak a credential quoted in the
     * original message; the original class name and stack are kept.
     */
    static final class RedactedCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedCause(Throwable original) {
            super(original.getClass().getName() + ": " + Redactor.redact(String.valueOf(original.getMessage())),
                    original.getCause() == null ? null : new RedactedCause(original.getCause()));
            setStackTrace(original.getStackTrace());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
