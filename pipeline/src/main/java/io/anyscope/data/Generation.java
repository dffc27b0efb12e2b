package io.anyscope.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One generation of a data set, pinned for a reader's whole run: {@code DATA/current} is resolved once, and the
 * generation it named is kept until the reader closes, even when a scan commits a newer one meanwhile.
 *
 * <p>A reader holds a shared lock on {@code DATA/.readers/<generation>.lock}; a scan's clean-up removes a generation
 * that is no longer current only after taking that lock exclusively ({@link #removeUnlessPinned}), so it keeps
 * pinned generations until a later run. Within one JVM, readers of the same generation share one lock. When DATA is
 * not writable (no lock file can be made), the generation is still pinned by path, only not protected from removal.
 */
public final class Generation implements AutoCloseable {
    public static final String CURRENT = "current";
    public static final String GENERATIONS = "generations";
    public static final String READERS = ".readers";
    private static final String LOCK_SUFFIX = ".lock";

    /** Locks this JVM holds, by lock file: a second shared lock on the same file would overlap. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int readers = 1;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    private final Path root;
    private final Path dir;
    private final Path lockFile;
    private final Map<String, List<Path>> files;
    private boolean closed;

    private Generation(Path root, Path dir, Path lockFile, Map<String, List<Path>> files) {
        this.root = root;
        this.dir = dir;
        this.lockFile = lockFile;
        this.files = files;
    }

    /**
     * Pins the current generation of the data set {@code root} (which must have a {@code current} entry): resolves
     * the link once, takes the reader lock, and lists each table's Parquet files.
     */
    public static Generation pin(Path root) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        Path link = abs.resolve(CURRENT);
        for (int attempt = 0; attempt < 50; attempt++) {
            Path dir = link.toRealPath();
            Path lockFile = Files.isSymbolicLink(link) ? lockFile(abs, dir.getFileName().toString()) : null;
            boolean locked = lockFile != null && acquire(lockFile);
            // A scan's clean-up may have removed the generation between the resolution and the lock: resolve again.
            if (Files.isDirectory(dir)) {
                try {
                    return new Generation(abs, dir, locked ? lockFile : null, list(dir));
                } catch (NoSuchFileException e) {
                    // removed while listed: resolve again
                }
            }
            if (locked) {
                release(lockFile);
            }
            Thread.onSpinWait();
        }
        throw new IOException(link + ": the current generation keeps changing; try again");
    }

    private static Map<String, List<Path>> list(Path dir) throws IOException {
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (String t : Tables.ALL) {
            out.put(t, parquetFiles(dir.resolve(t)));
        }
        return out;
    }

    /** The Parquet files of one table directory, sorted; none when it does not exist. */
    public static List<Path> parquetFiles(Path tableDir) throws IOException {
        if (!Files.isDirectory(tableDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tableDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    private static Path lockFile(Path root, String generation) {
        return root.resolve(READERS).resolve(generation + LOCK_SUFFIX);
    }

    /** Takes (or shares, within this JVM) the shared reader lock; false when no lock file can be made. */
    private static boolean acquire(Path lockFile) throws IOException {
        synchronized (HELD) {
            Held h = HELD.get(lockFile);
            if (h != null) {
                h.readers++;
                return true;
            }
            FileChannel ch;
            try {
                Files.createDirectories(lockFile.getParent());
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                return false; // a read-only data set: pinned by path only
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    HELD.put(lockFile, new Held(ch, ch.lock(0, Long.MAX_VALUE, true)));
                    return true;
                } catch (OverlappingFileLockException e) {
                    // this JVM's clean-up holds it exclusively for a moment
                    if (attempt > 1000) {
                        ch.close();
                        throw new IOException(lockFile + ": held by a clean-up of this process", e);
                    }
                    Thread.onSpinWait();
                } catch (IOException e) {
                    ch.close();
                    return false;
                }
            }
        }
    }

    private static void release(Path lockFile) {
        synchronized (HELD) {
            Held h = HELD.get(lockFile);
            if (h == null || --h.readers > 0) {
                return;
            }
            HELD.remove(lockFile);
            try {
                h.lock.release();
                h.channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
        }
    }

    /**
     * Removes a generation that is not current unless a reader has it pinned; returns whether it was removed. Also
     * removes its lock file. Called by the only writer (the run holding the data set's lock).
     */
    public static boolean removeUnlessPinned(Path root, Path generation, Deleter delete) throws IOException {
        Path lockFile = lockFile(root.toAbsolutePath().normalize(), generation.getFileName().toString());
        synchronized (HELD) {
            if (HELD.containsKey(lockFile)) {
                return false;
            }
            Files.createDirectories(lockFile.getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    return false;
                }
                if (lock == null) {
                    return false;
                }
                try {
                    delete.delete(generation);
                    Files.deleteIfExists(lockFile);
                } finally {
                    lock.release();
                }
                return true;
            }
        }
    }

    /** Removes lock files whose generation is gone and that no reader holds. */
    public static void removeStaleLocks(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize().resolve(READERS);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + LOCK_SUFFIX)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                Path gen = root.toAbsolutePath().normalize().resolve(GENERATIONS)
                        .resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
                if (!Files.exists(gen)) {
                    stale.add(gen);
                }
            }
        }
        for (Path gen : stale) {
            removeUnlessPinned(root, gen, g -> { });
        }
    }

    /** Deletes a directory tree. */
    @FunctionalInterface
    public interface Deleter {
        void delete(Path tree) throws IOException;
    }

    /** The data set directory (the one holding {@code current}). */
    public Path root() {
        return root;
    }

    /** The pinned generation's directory ({@code DATA/generations/<run-id>}, resolved). */
    public Path dir() {
        return dir;
    }

    /** The pinned generation's name: the run that wrote it. */
    public String id() {
        return dir.getFileName().toString();
    }

    /** The Parquet files of a table in the pinned generation. */
    public List<Path> files(String table) {
        return files.getOrDefault(table, List.of());
    }

    /** Whether a reader lock protects the generation from a scan's clean-up (false on a read-only data set). */
    public boolean locked() {
        return lockFile != null;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (lockFile != null) {
                release(lockFile);
            }
        }
    }
}
