package io.anyscope.git;

/** A repository list could not be read; the message names the file and line, with credentials redacted. */
public class RepoListException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RepoListException(String message) {
        super(Redactor.redact(message));
    }
}
