package io.anyscope.git;

import io.anyscope.extract.FileKinds;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the files of a commit that anyscope reads: every path for which
 * {@link FileKinds#parserFor(String)} names a parser, in git tree order (depth first, entries sorted as git sorts
 * them). Sizes come from the object headers ({@link ObjectReader#getObjectSize}), contents are not read.
 *
 * <p>Nothing in a tree aborts the listing: a symlink with a tracked name, a submodule (any name), a blob whose size cannot be
 * read, a subtree that is missing or corrupt each become one error entry ({@link FileEntry#skip()}) and the walk goes
 * on. Only an unreadable commit or root tree throws.
 */
public final class TreeLister {
    private TreeLister() {
    }

    /** Lists a commit's tree. */
    public static List<FileEntry> list(Repository repo, ObjectId commit) {
        try (ObjectReader reader = repo.newObjectReader()) {
            return list(reader, commit);
        }
    }

    /**
     * Lists a commit's tree with a caller's reader (reuse one per thread across snapshots).
     *
     * @throws GitInputException stage list, kind missing_object or corrupt, when the commit or its root tree cannot
     *                           be read
     */
    public static List<FileEntry> list(ObjectReader reader, ObjectId commit) {
        return list(reader, commit, null);
    }

    /**
     * Listings of subtrees already walked, by directory path and tree id: consecutive snapshots share most of their
     * subtrees, and a subtree with the same id at the same path lists the same entries, so a cache shared across the
     * snapshots of one repository lists each distinct (path, subtree) once. Holds what it lists; drop it when done.
     */
    public static final class SubtreeCache {
        private final java.util.Map<String, java.util.Map<ObjectId, List<FileEntry>>> byPath = new java.util.HashMap<>();

        List<FileEntry> get(String prefix, ObjectId tree) {
            java.util.Map<ObjectId, List<FileEntry>> m = byPath.get(prefix);
            return m == null ? null : m.get(tree);
        }

        void put(String prefix, ObjectId tree, List<FileEntry> entries) {
            byPath.computeIfAbsent(prefix, k -> new java.util.HashMap<>()).put(tree.copy(), entries);
        }
    }

    /** {@link #list(ObjectReader, ObjectId)} sharing the listings of unchanged subtrees through {@code cache}. */
    public static List<FileEntry> list(ObjectReader reader, ObjectId commit, SubtreeCache cache) {
        ObjectId rootTree;
        try (RevWalk rw = new RevWalk(reader)) {
            RevCommit c = rw.parseCommit(commit);
            rootTree = c.getTree().copy();
        } catch (MissingObjectException e) {
            throw new GitInputException(ErrorKind.MISSING_OBJECT, Stage.LIST, "commit " + commit.name()
                    + " is missing", e);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.LIST, "cannot read commit " + commit.name() + ": "
                    + e.getMessage(), e);
        }
        CanonicalTreeParser root;
        try {
            root = new CanonicalTreeParser(null, reader, rootTree);
        } catch (MissingObjectException e) {
            throw new GitInputException(ErrorKind.MISSING_OBJECT, Stage.LIST, "root tree " + rootTree.name()
                    + " of commit " + commit.name() + " is missing", e);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.LIST, "cannot read the root tree of commit "
                    + commit.name() + ": " + e.getMessage(), e);
        }
        List<FileEntry> out = new ArrayList<>();
        walk(reader, root, "", out, cache);
        return out;
    }

    private static void walk(ObjectReader reader, CanonicalTreeParser tree, String prefix, List<FileEntry> out,
                             SubtreeCache cache) {
        for (; !tree.eof(); tree.next()) {
            String path = prefix + tree.getEntryPathString();
            FileMode mode = tree.getEntryFileMode();
            ObjectId id = tree.getEntryObjectId();
            if (mode == FileMode.TREE) {
                List<FileEntry> known = cache == null ? null : cache.get(path, id);
                if (known != null) {
                    out.addAll(known);
                    continue;
                }
                CanonicalTreeParser sub;
                try {
                    sub = new CanonicalTreeParser(null, reader, id);
                } catch (MissingObjectException e) {
                    out.add(new FileEntry(path + "/", id.name(), -1, null, ErrorKind.MISSING_OBJECT,
                            "tree " + id.name() + " of directory " + path + " is missing"));
                    continue;
                } catch (IOException | RuntimeException e) {
                    out.add(new FileEntry(path + "/", id.name(), -1, null, ErrorKind.CORRUPT,
                            "cannot read tree " + id.name() + " of directory " + path + ": " + e.getMessage()));
                    continue;
                }
                if (cache == null) {
                    walk(reader, sub, path + "/", out, null);
                } else {
                    int from = out.size();
                    walk(reader, sub, path + "/", out, cache);
                    cache.put(path, id, List.copyOf(out.subList(from, out.size())));
                }
                continue;
            }
            String parser = FileKinds.parserFor(path);
            if (mode == FileMode.GITLINK) {
                // every submodule, whatever its name: its files are code of the repository that are not read
                out.add(new FileEntry(path, id.name(), -1, parser, ErrorKind.SUBMODULE,
                        "submodule at commit " + id.name() + ", not followed"));
                continue;
            }
            if (parser == null) {
                continue;
            }
            if (mode == FileMode.SYMLINK) {
                out.add(new FileEntry(path, id.name(), -1, parser, ErrorKind.SYMLINK,
                        "symbolic link, not followed"));
            } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                try {
                    long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
                    out.add(new FileEntry(path, id.name(), size, parser));
                } catch (MissingObjectException e) {
                    out.add(new FileEntry(path, id.name(), -1, parser, ErrorKind.MISSING_OBJECT,
                            "blob " + id.name() + " is missing"));
                } catch (IOException | RuntimeException e) {
                    out.add(new FileEntry(path, id.name(), -1, parser, ErrorKind.CORRUPT,
                            "cannot read the size of blob " + id.name() + ": " + e.getMessage()));
                }
            } else {
                out.add(new FileEntry(path, id.name(), -1, parser, ErrorKind.CORRUPT,
                        "unexpected tree entry mode " + Integer.toOctalString(tree.getEntryRawMode())));
            }
        }
    }
}
