package io.anyscope.git;

import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffConfig;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rename and copy detection with the rules of {@code git diff -M -C}, the one setup the changes table
 * ({@link ChangeLister}) and {@code anyscope check} share.
 *
 * <ul>
 *   <li>Similarity: {@value #SCORE}% (git's default for {@code -M} and {@code -C}; JGit's own default is 60%).</li>
 *   <li>Exact renames (same blob) are always found; content (similar-blob) renames only when neither the added nor
 *       the source files number more than the rename limit: the repository's {@code diff.renameLimit}, else
 *       {@value #DEFAULT_LIMIT} (git's default).</li>
 *   <li>Copies: an added file may be a copy of a file deleted or <em>modified</em> in the same change (its content
 *       before the change), as {@code -C} does; unmodified files are no sources ({@code --find-copies-harder} is not
 *       used). When one deleted file matches several added ones, the best match is its rename and the others are
 *       copies.</li>
 * </ul>
 */
public final class Renames {
    /** git's default similarity threshold for renames and copies, in percent. */
    public static final int SCORE = 50;
    /** git's default {@code diff.renameLimit}. */
    public static final int DEFAULT_LIMIT = 1000;
    private static final AbbreviatedObjectId A_ZERO_ID = AbbreviatedObjectId.fromObjectId(ObjectId.zeroId());

    private Renames() {
    }

    /** The rename limit a repository configures ({@code diff.renameLimit}), else git's default. */
    public static int limit(Config config) {
        int n = config == null ? DEFAULT_LIMIT : config.getInt("diff", "renamelimit", DEFAULT_LIMIT);
        return n <= 0 ? DEFAULT_LIMIT : n;
    }

    /** A JGit detector with these rules (score and limit), for JGit code that runs the detection itself. */
    public static RenameDetector detector(ObjectReader reader, Config config) {
        RenameDetector rd = new RenameDetector(reader, config == null ? new Config().get(DiffConfig.KEY)
                : config.get(DiffConfig.KEY));
        rd.setRenameScore(SCORE);
        rd.setRenameLimit(limit(config));
        return rd;
    }

    /**
     * {@code entries} (adds, deletes, modifies of one change, without renames) with renames and copies found: a
     * rename replaces its delete and add by one {@link ChangeType#RENAME} entry, a copy replaces its add by one
     * {@link ChangeType#COPY} entry (old path: the source); the modified files stay modifies.
     *
     * @param sources the contents of the old and new sides (blobs, or the working tree for the new side)
     */
    public static List<DiffEntry> detect(ObjectReader reader, Config config, List<DiffEntry> entries,
                                         ContentSource.Pair sources) throws IOException {
        boolean adds = false;
        boolean sourcesSeen = false;
        for (DiffEntry e : entries) {
            adds |= e.getChangeType() == ChangeType.ADD;
            sourcesSeen |= e.getChangeType() == ChangeType.DELETE || e.getChangeType() == ChangeType.MODIFY;
        }
        if (!adds || !sourcesSeen) {
            return entries;
        }
        RenameDetector rd = detector(reader, config);
        // A modified file's old content is a copy source: offered as a delete of that content, and whatever the
        // detector pairs with it is a copy (the file itself is still there, a modify).
        Set<String> modified = new HashSet<>();
        List<DiffEntry> modifies = new ArrayList<>();
        for (DiffEntry e : entries) {
            if (e.getChangeType() == ChangeType.MODIFY) {
                modified.add(e.getOldPath());
                modifies.add(e);
                rd.add(Entry.of(ChangeType.DELETE, e.getOldPath(), e.getOldId(), e.getOldMode(), null, null, null, 0));
            } else {
                rd.add(e);
            }
        }
        List<DiffEntry> found;
        try {
            found = rd.compute(sources, NullProgressMonitor.INSTANCE);
        } catch (CanceledException e) {
            throw new IOException("rename detection cancelled", e);
        }
        List<DiffEntry> out = new ArrayList<>(found.size() + modifies.size());
        out.addAll(modifies);
        for (DiffEntry e : found) {
            boolean fromModified = e.getOldPath() != null && modified.contains(e.getOldPath());
            if (e.getChangeType() == ChangeType.DELETE && fromModified) {
                continue; // the offered copy source, not copied: the file's modify is in out already
            }
            if (e.getChangeType() == ChangeType.RENAME && fromModified) {
                out.add(Entry.of(ChangeType.COPY, e.getOldPath(), e.getOldId(), e.getOldMode(), e.getNewPath(),
                        e.getNewId(), e.getNewMode(), e.getScore()));
                continue;
            }
            out.add(e);
        }
        return out;
    }

    /** A diff entry made here (JGit's factories are package-private): an absent side has no path, id or mode. */
    public static final class Entry extends DiffEntry {
        private Entry() {
        }

        /** An entry; a null path is {@link DiffEntry#DEV_NULL}, a null mode {@link FileMode#MISSING}. */
        public static DiffEntry of(ChangeType type, String oldPath, AbbreviatedObjectId oldId, FileMode oldMode,
                                   String newPath, AbbreviatedObjectId newId, FileMode newMode, int score) {
            Entry e = new Entry();
            e.changeType = type;
            e.oldPath = oldPath == null ? DEV_NULL : oldPath;
            e.newPath = newPath == null ? DEV_NULL : newPath;
            e.oldId = oldId == null ? A_ZERO_ID : oldId;
            e.newId = newId == null ? A_ZERO_ID : newId;
            e.oldMode = oldMode == null ? FileMode.MISSING : oldMode;
            e.newMode = newMode == null ? FileMode.MISSING : newMode;
            e.score = score;
            return e;
        }
    }
}
