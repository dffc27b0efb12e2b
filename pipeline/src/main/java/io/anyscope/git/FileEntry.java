package io.anyscope.git;

import org.eclipse.jgit.lib.ObjectId;

import java.io.Serializable;

/**
 * One tracked path of a snapshot's tree: a file anyscope reads ({@link io.anyscope.extract.FileKinds#parserFor}), or
 * an entry that could not be listed.
 *
 * <p>When {@link #skip()} is {@code null} the entry is a regular (or executable) file: a row of the files table.
 * Otherwise it is an errors-table row (stage list): {@link ErrorKind#SYMLINK} or {@link ErrorKind#SUBMODULE} for a
 * symlink with a tracked name or any gitlink (not followed; {@code size} is -1), {@link ErrorKind#MISSING_OBJECT} or
 * {@link ErrorKind#CORRUPT} when the blob's size, or a whole subtree, could not be read. A subtree error's path is the
 * directory with a trailing {@code /} and its parser is {@code null}; so is a submodule's whose name no parser reads.
 *
 * @param path    repository-relative, {@code /}-separated
 * @param blobId  the blob (for a submodule, the gitlink's commit; for a subtree error, the tree)
 * @param size    blob size in bytes, or -1 when unknown
 * @param parser  the parser that will read it, or {@code null} for a subtree error or an untracked submodule name
 * @param skip    why the entry is not a readable file, or {@code null}
 * @param message a human-readable reason, or {@code null}
 */
public record FileEntry(String path, String blobId, long size, String parser, ErrorKind skip, String message)
        implements Serializable {

    /** A regular file. */
    public FileEntry(String path, String blobId, long size, String parser) {
        this(path, blobId, size, parser, null, null);
    }

    /** A readable file: a files-table row. */
    public boolean isOk() {
        return skip == null;
    }

    public ObjectId blob() {
        return ObjectId.fromString(blobId);
    }
}
