package io.anyscope.git;

import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.WindowCacheConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repositories opened for reading on a worker (cached clones are read as they are: never fetched here), and an
 * {@link ObjectReader} per repository for whoever reads many objects ({@link #reader}, closed by
 * {@link #closeReaders}, {@link #evict} and {@link #close}). Not thread-safe: one per DoFn instance.
 */
public final class RepoPool implements AutoCloseable {
    private final Map<String, Repository> open = new HashMap<>();
    /** Readers kept at once: each may hold up to 32 MB of delta bases, and a bundle may touch many repositories. */
    public static final int MAX_READERS = 4;
    private final LinkedHashMap<String, ObjectReader> readers =
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ObjectReader> eldest) {
                    if (size() > MAX_READERS) {
                        eldest.getValue().close();
                        return true;
                    }
                    return false;
                }
            };
    private final RepoOpener opener;

    static {
        // JGit's default window cache (10 MB in 8 KB windows) thrashes when thousands of blobs are read from
        // packs of hundreds of MB: measured, seeks and evictions were a tenth of a weekly scan's Java time.
        WindowCacheConfig c = new WindowCacheConfig();
        c.setPackedGitWindowSize(64 * 1024);
        c.setPackedGitLimit(128L * 1024 * 1024);
        c.setDeltaBaseCacheLimit(32 * 1024 * 1024);
        c.install();
    }

    public RepoPool(String cache) {
        this.opener = new RepoOpener(Path.of(cache));
    }

    /**
     * The repository, opened on first use.
     *
     * @throws GitInputException when it cannot be opened for reading (its kind says why)
     */
    public Repository get(RepoSpec spec) {
        return open.computeIfAbsent(spec.location(), k -> opener.openForReading(spec).repository());
    }

    /**
     * An object reader on the repository, made on first use and kept until {@link #closeReaders} (or the
     * repository's {@link #evict}, or until {@link #MAX_READERS} more recently used ones push it out): one per
     * repository instead of one per object read.
     *
     * @throws GitInputException when the repository cannot be opened for reading
     */
    public ObjectReader reader(RepoSpec spec) {
        ObjectReader r = readers.get(spec.location());
        if (r == null) {
            r = get(spec).newObjectReader();
            readers.put(spec.location(), r);
        }
        return r;
    }

    /** How many readers are open now. */
    public int openReaders() {
        return readers.size();
    }

    /** Closes the readers {@link #reader} made; the repositories stay open. */
    public void closeReaders() {
        readers.values().forEach(ObjectReader::close);
        readers.clear();
    }

    /** JGit drops a pack it found corrupt from an open repository: reopen after such an error. */
    public void evict(RepoSpec spec) {
        ObjectReader reader = readers.remove(spec.location());
        if (reader != null) {
            reader.close();
        }
        Repository r = open.remove(spec.location());
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() {
        closeReaders();
        open.values().forEach(Repository::close);
        open.clear();
    }
}
