package io.anyscope.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds small real repositories for the tests: {@link Git#init()}, then commits written object by object with
 * explicit author and committer identities and dates, so that commit ids are reproducible.
 */
public final class GitFixture implements AutoCloseable {
    /** A tree entry: mode and content. */
    public record Entry(FileMode mode, byte[] content, ObjectId gitlink) {
    }

    public final Path dir;
    public final Git git;
    public final Repository repo;

    private GitFixture(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
        this.repo = git.getRepository();
    }

    /** Wraps an existing repository (e.g. a clone). */
    public static GitFixture wrap(Path dir, Git git) {
        return new GitFixture(dir, git);
    }

    /** A new non-bare repository (branch main) in {@code dir}. */
    public static GitFixture init(Path dir) {
        return init(dir, false);
    }

    public static GitFixture init(Path dir, boolean bare) {
        try {
            Git git = Git.init().setDirectory(dir.toFile()).setBare(bare).setInitialBranch("main").call();
            return new GitFixture(dir, git);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Entry file(String content) {
        return new Entry(FileMode.REGULAR_FILE, content.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Entry bytes(byte[] content) {
        return new Entry(FileMode.REGULAR_FILE, content, null);
    }

    public static Entry symlink(String target) {
        return new Entry(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Entry gitlink(String commitHex) {
        return new Entry(FileMode.GITLINK, null, ObjectId.fromString(commitHex));
    }

    public static Instant at(String iso) {
        return Instant.parse(iso);
    }

    public static PersonIdent ident(String name, Instant when, ZoneId zone) {
        return new PersonIdent(name, name.toLowerCase(java.util.Locale.ROOT) + "@example.com", when, zone);
    }

    /** A commit on {@code branch} (moved to it) whose tree holds exactly {@code files}; author = committer. */
    public ObjectId commit(String branch, String when, Map<String, ?> files, ObjectId... parents) {
        PersonIdent who = ident("Alice", at(when), ZoneOffset.UTC);
        return commit(branch, who, who, "commit at " + when, files, parents);
    }

    public ObjectId commit(String branch, PersonIdent author, PersonIdent committer, String message, Map<String, ?> files,
                    ObjectId... parents) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            DirCache dc = DirCache.newInCore();
            DirCacheBuilder b = dc.builder();
            for (Map.Entry<String, ?> f : new TreeMap<>(files).entrySet()) {
                Entry e = f.getValue() instanceof Entry entry ? entry : file(String.valueOf(f.getValue()));
                DirCacheEntry dce = new DirCacheEntry(f.getKey());
                dce.setFileMode(e.mode());
                dce.setObjectId(e.gitlink() != null ? e.gitlink() : ins.insert(Constants.OBJ_BLOB, e.content()));
                b.add(dce);
            }
            b.finish();
            ObjectId tree = dc.writeTree(ins);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            cb.setParentIds(parents);
            cb.setAuthor(author);
            cb.setCommitter(committer);
            cb.setMessage(message + "\n");
            ObjectId id = ins.insert(cb);
            ins.flush();
            if (branch != null) {
                setRef(Constants.R_HEADS + branch, id);
            }
            return id;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setRef(String name, ObjectId id) {
        try {
            RefUpdate ru = repo.updateRef(name);
            ru.setNewObjectId(id);
            ru.setForceUpdate(true);
            RefUpdate.Result r = ru.update();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.FAST_FORWARD
                    && r != RefUpdate.Result.NO_CHANGE) {
                throw new IllegalStateException(name + ": " + r);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void lightweightTag(String name, ObjectId target) {
        setRef(Constants.R_TAGS + name, target);
    }

    public ObjectId annotatedTag(String name, ObjectId target, String when) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TagBuilder tb = new TagBuilder();
            tb.setTag(name);
            tb.setObjectId(target, Constants.OBJ_COMMIT);
            tb.setTagger(ident("Tagger", at(when), ZoneOffset.UTC));
            tb.setMessage("release " + name + "\n");
            ObjectId id = ins.insert(tb);
            ins.flush();
            setRef(Constants.R_TAGS + name, id);
            return id;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file of a loose object of {@code repo} (which must exist): delete it to make the object missing. */
    public static Path looseObject(Repository repo, ObjectId id) {
        String hex = id.name();
        Path p = repo.getDirectory().toPath().resolve("objects").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new IllegalStateException("no loose object " + hex + " in " + repo.getDirectory());
        }
        return p;
    }

    /** The id git gives a blob of {@code content} (UTF-8); needs no repository. */
    public static ObjectId blobId(String content) {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
