package io.anyscope.git;

import io.anyscope.extract.FileKinds;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tracked paths a commit changed relative to its first parent: the rows of the changes table for one commit.
 *
 * <p>A path is tracked in a tree when it is a regular or executable file that {@link FileKinds#parserFor} names,
 * exactly the entries {@link TreeLister} lists as files. Comparing the two trees: tracked in the commit only is an
 * {@link #ADD}, in the parent only a {@link #DELETE}, in both with another blob a {@link #MODIFY}; a mode change alone
 * (the executable bit) and changes of symlinks or submodules are none. There is no rename detection: a rename is a
 * delete and an add. The walk skips every subtree whose id is the same on both sides, so the cost follows the size
 * of the change, not of the tree; blobs are never read.
 */
public final class ChangeLister {
    public static final String ADD = "add";
    public static final String MODIFY = "modify";
    public static final String DELETE = "delete";
    public static final String RENAME = "rename";
    public static final String COPY = "copy";

    /**
     * One changed path.
     *
     * @param oldBlobId the blob in the parent (of {@code oldPath} for a rename or copy), {@code null} for an add
     * @param newBlobId the blob in the commit, {@code null} for a delete
     * @param oldPath the path the file was renamed or copied from, {@code null} for the other changes
     */
    public record Change(String path, String change, String oldBlobId, String newBlobId, String parser,
                         String oldPath) {
    }

    /** Keeps subtrees (to descend) and the files anyscope reads. */
    private static final TreeFilter TRACKED = new TreeFilter() {
        @Override
        public boolean include(TreeWalk walker) {
            return walker.isSubtree() || FileKinds.parserFor(walker.getPathString()) != null;
        }

        @Override
        public boolean shouldBeRecursive() {
            return false;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }

        @Override
        public String toString() {
            return "TRACKED";
        }
    };

    private ChangeLister() {
    }

    /**
     * The changes from {@code parentTree} to {@code tree}, in git path order.
     *
     * @param config the repository's configuration ({@code diff.renameLimit}), or null
     * @param parentTree the first parent's root tree, or {@code null} for a root commit (everything is an add)
     * @throws GitInputException stage changes, kind missing_object or corrupt, when a tree or blob cannot be read
     */
    public static List<Change> diff(ObjectReader reader, Config config, AnyObjectId parentTree, AnyObjectId tree) {
        List<DiffEntry> entries = new ArrayList<>();
        boolean walked = false; // after the walk, only blobs are read (to compare contents)
        try (TreeWalk tw = new TreeWalk(reader)) {
            if (parentTree == null) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                tw.addTree(new CanonicalTreeParser(null, reader, parentTree));
            }
            tw.addTree(new CanonicalTreeParser(null, reader, tree));
            tw.setRecursive(true);
            tw.setFilter(AndTreeFilter.create(TreeFilter.ANY_DIFF, TRACKED));
            while (tw.next()) {
                ObjectId before = tracked(tw, 0);
                ObjectId after = tracked(tw, 1);
                if (before == null && after == null || before != null && before.equals(after)) {
                    continue;
                }
                String path = tw.getPathString();
                ChangeType type = before == null ? ChangeType.ADD : after == null ? ChangeType.DELETE
                        : ChangeType.MODIFY;
                entries.add(Renames.Entry.of(type, before == null ? null : path, abbreviated(before),
                        before == null ? null : tw.getFileMode(0), after == null ? null : path, abbreviated(after),
                        after == null ? null : tw.getFileMode(1), 0));
            }
            walked = true;
            List<Change> out = new ArrayList<>(entries.size());
            for (DiffEntry e : Renames.detect(reader, config, entries, new ContentSource.Pair(
                    ContentSource.create(reader), ContentSource.create(reader)))) {
                out.add(change(e));
            }
            out.sort(Comparator.comparing(Change::path));
            return out;
        } catch (MissingObjectException e) {
            throw new GitInputException(ErrorKind.MISSING_OBJECT, Stage.CHANGES, (walked ? "blob " : "tree ")
                    + e.getObjectId().name() + " is missing", e);
        } catch (IOException | RuntimeException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.CHANGES, "cannot compare tree " + tree.name()
                    + " with " + (parentTree == null ? "the empty tree" : parentTree.name()) + ": " + e.getMessage(),
                    e);
        }
    }

    private static Change change(DiffEntry e) {
        String path = e.getChangeType() == ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
        String oldBlob = e.getChangeType() == ChangeType.ADD ? null : e.getOldId().name();
        String newBlob = e.getChangeType() == ChangeType.DELETE ? null : e.getNewId().name();
        String change = switch (e.getChangeType()) {
            case ADD -> ADD;
            case DELETE -> DELETE;
            case MODIFY -> MODIFY;
            case RENAME -> RENAME;
            case COPY -> COPY;
        };
        boolean moved = e.getChangeType() == ChangeType.RENAME || e.getChangeType() == ChangeType.COPY;
        return new Change(path, change, oldBlob, newBlob, FileKinds.parserFor(path), moved ? e.getOldPath() : null);
    }

    private static AbbreviatedObjectId abbreviated(ObjectId id) {
        return id == null ? null : AbbreviatedObjectId.fromObjectId(id);
    }

    /** The blob of the walk's current entry in tree {@code nth} when it is a tracked file there, else null. */
    private static ObjectId tracked(TreeWalk tw, int nth) {
        FileMode m = tw.getFileMode(nth);
        return m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE ? tw.getObjectId(nth) : null;
    }
}
