package io.anyscope.git;

import org.eclipse.jgit.lib.Repository;

import java.nio.file.Path;

/**
 * A repository opened by {@link RepoOpener}. Close it when done (it closes the JGit {@link Repository}).
 *
 * @param spec       what was asked for
 * @param repository the JGit repository, read-only by contract: nothing in this package writes to it
 * @param gitDir     its git directory (for URLs, the clone in the cache)
 * @param action     what the opener did to get it
 */
public record OpenedRepo(RepoSpec spec, Repository repository, Path gitDir, Action action) implements AutoCloseable {
    /** What {@link RepoOpener#open} did. */
    public enum Action {
        /** A local repository opened in place. */
        OPENED_LOCAL,
        /** A URL cloned into the cache for the first time. */
        CLONED,
        /** A URL whose cached clone was fetched. */
        FETCHED,
        /** A URL's cached clone opened as it is, for reading (never fetched). */
        OPENED_CACHED
    }

    @Override
    public void close() {
        repository.close();
    }
}
