package io.anyscope.check;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import io.anyscope.git.Renames;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Revisions and the files that differ between two trees (or a tree and the working tree), renames and copies detected
 * as the changes table detects them ({@link Renames}: the rules of {@code git diff -M -C}).
 */
final class GitChanges {
    private GitChanges() {
    }

    /**
     * The commit a revision names: anything {@code git rev-parse} takes that JGit knows (a commit id, a branch,
     * {@code origin/main}, {@code HEAD~3}, a tag) or {@code A...B}, the merge base of A and B (an empty side is HEAD).
     */
    static RevCommit resolve(Repository repo, String spec) throws CheckException {
        int dots = spec.indexOf("...");
        try (RevWalk rw = new RevWalk(repo)) {
            if (dots >= 0) {
                String a = spec.substring(0, dots).isEmpty() ? "HEAD" : spec.substring(0, dots);
                String b = spec.substring(dots + 3).isEmpty() ? "HEAD" : spec.substring(dots + 3);
                rw.setRevFilter(RevFilter.MERGE_BASE);
                rw.markStart(rw.parseCommit(id(repo, a)));
                rw.markStart(rw.parseCommit(id(repo, b)));
                RevCommit base = rw.next();
                if (base == null) {
                    throw CheckException.usage("no merge base of " + a + " and " + b);
                }
                return base;
            }
            return rw.parseCommit(id(repo, spec));
        } catch (IncorrectObjectTypeException e) {
            throw CheckException.usage("not a commit: " + spec);
        } catch (MissingObjectException e) {
            throw CheckException.usage("unknown revision '" + spec + "' (its commit is missing: a shallow clone?)");
        } catch (IOException e) {
            throw CheckException.failed("cannot read revision " + spec + ": " + e.getMessage(), e);
        }
    }

    private static ObjectId id(Repository repo, String spec) throws CheckException, IOException {
        ObjectId id;
        try {
            id = repo.resolve(spec + "^{commit}");
        } catch (AmbiguousObjectException e) {
            throw CheckException.usage("ambiguous revision '" + spec + "'");
        } catch (RevisionSyntaxException | IncorrectObjectTypeException e) {
            throw CheckException.usage("unknown revision '" + spec + "'");
        }
        if (id == null) {
            throw CheckException.usage("unknown revision '" + spec + "'");
        }
        return id;
    }

    /** The files that differ from {@code base} to {@code head}, renames and copies detected. */
    static List<DiffEntry> between(Repository repo, RevCommit base, RevCommit head) throws IOException {
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE);
             ObjectReader reader = repo.newObjectReader()) {
            df.setRepository(repo);
            List<DiffEntry> entries = df.scan(base.getTree(), head.getTree());
            return Renames.detect(reader, repo.getConfig(), entries,
                    new ContentSource.Pair(ContentSource.create(reader), ContentSource.create(reader)));
        }
    }

    /**
     * The files that differ from {@code base} to the working tree (ignored files left out), renames and copies
     * detected. The index's cached file stats say which files may differ ({@link IndexDiff}), so only those are
     * read and hashed, not every file of the working tree.
     */
    static List<DiffEntry> toWorkingTree(Repository repo, RevCommit base) throws IOException {
        IndexDiff idx = new IndexDiff(repo, base.getTree(), new FileTreeIterator(repo));
        idx.diff();
        Set<String> candidates = new TreeSet<>();
        candidates.addAll(idx.getAdded());
        candidates.addAll(idx.getChanged());
        candidates.addAll(idx.getRemoved());
        candidates.addAll(idx.getMissing());
        candidates.addAll(idx.getModified());
        candidates.addAll(idx.getUntracked());
        candidates.addAll(idx.getConflicting());
        if (candidates.isEmpty()) {
            return List.of();
        }
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE);
             ObjectReader reader = repo.newObjectReader()) {
            df.setRepository(repo);
            df.setPathFilter(PathFilterGroup.createFromStrings(candidates));
            List<DiffEntry> entries = df.scan(new CanonicalTreeParser(null, reader, base.getTree()),
                    new FileTreeIterator(repo));
            // DiffFormatter's own rename detection would read the working-tree side through the iterator it has
            // already walked, and find no content renames: the detector gets fresh sources.
            return Renames.detect(reader, repo.getConfig(), entries, new ContentSource.Pair(
                    ContentSource.create(reader), ContentSource.create(new FileTreeIterator(repo))));
        }
    }
}
