package io.anyscope.bench;

import io.anyscope.util.Trees;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectDatabase;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Deterministic (seeded) git repositories for {@code bench scan}, written object by object into one pack and kept
 * under the bench directory: a repository whose single commit holds a corpus, and a repository with a long
 * first-parent history. A marker file written last says a repository is complete; a partial one is rebuilt.
 */
public final class BenchRepos {
    static final String COMPLETE = "anyscope-bench-complete";
    /** The branch holding the history plus one more commit (for the "one new commit" re-run). */
    public static final String PLUS_ONE = "plus1";

    private BenchRepos() {
    }

    /** One repository of the generated fleet: its history's shape ({@link #historyRepo}). */
    public record FleetRepo(String name, int commits, int files, int meanBytes, double asyncShare) {
    }

    /**
     * A fleet shaped like a real organisation's: repositories of very different sizes (one large monorepo-like
     * service with a 10,000-commit first-parent history, mid-sized services and libraries, small tools), with smaller
     * files than the corpus's and async usage from none to most files; 15,000+ files at HEAD in all.
     */
    public static final List<FleetRepo> FLEET = List.of(
            new FleetRepo("platform", 10_000, 7_000, 9_000, 0.25),
            new FleetRepo("payments", 1_200, 3_500, 7_000, 0.05),
            new FleetRepo("asynclib", 2_500, 2_200, 6_000, 0.7),
            new FleetRepo("web", 600, 1_600, 8_000, 0.4),
            new FleetRepo("ops-tools", 300, 700, 4_000, 0.0),
            new FleetRepo("tiny", 40, 120, 3_000, 0.9));

    /** What a generated history looks like, for the report. */
    public record HistoryShape(int commits, int headFiles, long headBytes, int blobs, long days) {
    }

    /** A bare repository whose one commit holds every {@code .py} file under {@code corpus}; cached in {@code dir}. */
    public static Path headRepo(Path dir, Path corpus, PrintWriter log) throws IOException {
        List<Path> files = Corpus.list(corpus);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        String stamp = files.size() + " files, " + total + " bytes, from " + corpus.toAbsolutePath().normalize();
        Path marker = dir.resolve(COMPLETE);
        if (Files.exists(marker) && Files.readString(marker).equals(stamp)) {
            return dir;
        }
        log.printf("writing a one-commit repository of %d files (%.0f MB) into %s ...%n", files.size(), total / 1e6,
                dir);
        log.flush();
        Trees.delete(dir);
        try (Git git = Git.init().setDirectory(dir.toFile()).setBare(true).setInitialBranch("main").call();
             Writer w = new Writer(git.getRepository())) {
            for (Path f : files) {
                w.put(corpus.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
            ObjectId c = w.commit("import the corpus", Instant.parse("2025-01-06T12:00:00Z"), "Alice");
            w.flush();
            setRef(git.getRepository(), Constants.R_HEADS + "main", c);
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e);
        }
        Files.writeString(marker, stamp);
        return dir;
    }

    /**
     * A bare repository with {@code commits} first-parent commits over about two years and about {@code files}
     * files at the tip, plus branch {@value #PLUS_ONE} = the tip and one more commit. Churn: each commit touches 1
     * to 20 files (most touch few), skewed towards a hot set of files; about 78 % of touches edit a file, 17 % add
     * one, 3 % delete one and 2 % rename one (same blob). About {@code asyncShare} of the files use an async
     * library; as time goes on, edits of asyncio files more and more often move them to anyio.
     */
    public static HistoryShape historyRepo(Path dir, int commits, int files, int meanBytes, double asyncShare,
                                           long seed, PrintWriter log) throws IOException {
        String stamp = "history " + commits + " " + files + " " + meanBytes + " " + asyncShare + " " + seed + " v2";
        Path marker = dir.resolve(COMPLETE);
        if (Files.exists(marker) && Files.readString(marker).startsWith(stamp + "\n")) {
            String[] f = Files.readString(marker).split("\n")[1].split(" ");
            return new HistoryShape(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                    Integer.parseInt(f[3]), Long.parseLong(f[4]));
        }
        log.printf("writing a %d-commit history (about %d files at the tip) into %s ...%n", commits, files, dir);
        log.flush();
        Trees.delete(dir);
        long t0 = System.nanoTime();
        HistoryShape shape;
        try (Git git = Git.init().setDirectory(dir.toFile()).setBare(true).setInitialBranch("main").call();
             Writer w = new Writer(git.getRepository())) {
            shape = new HistoryGen(w, commits, files, meanBytes, asyncShare, seed).run(git.getRepository());
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e);
        }
        log.printf("  done in %.1f s: %d commits, %d files (%.0f MB) at the tip, %d blobs, %d days%n",
                (System.nanoTime() - t0) / 1e9, shape.commits(), shape.headFiles(), shape.headBytes() / 1e6,
                shape.blobs(), shape.days());
        log.flush();
        Files.writeString(marker, stamp + "\n" + shape.commits() + " " + shape.headFiles() + " " + shape.headBytes()
                + " " + shape.blobs() + " " + shape.days() + "\n");
        return shape;
    }

    private static final class HistoryGen {
        private static final String[] AUTHORS = {"Alice", "Bob", "Chen", "Dana", "Emeka", "Farah"};
        private final Writer w;
        private final int commits;
        private final int files;
        private final int meanBytes;
        private final double asyncShare;
        private final SplittableRandom rnd;
        /** Live files in creation order (a hot set is the first tenth of a shuffled view). */
        private final List<String> live = new ArrayList<>();
        private final Map<String, int[]> state = new HashMap<>(); // path -> {library, target size, version}
        private int nextId;

        HistoryGen(Writer w, int commits, int files, int meanBytes, double asyncShare, long seed) {
            this.w = w;
            this.commits = commits;
            this.files = files;
            this.meanBytes = meanBytes;
            this.asyncShare = asyncShare;
            this.rnd = new SplittableRandom(seed);
        }

        HistoryShape run(Repository repo) throws IOException {
            Instant start = Instant.parse("2023-01-02T09:00:00Z");
            long span = 2L * 365 * 86400;
            long step = span / Math.max(1, commits);
            // Touches per commit average 1 + 19/4; 17 % add a file and 3 % delete one: start with what the tip
            // should hold minus the expected net growth.
            int initial = (int) Math.max(1, Math.round(files - 0.14 * (1 + 19 / 4.0) * (commits - 1)));
            for (int i = 0; i < initial; i++) {
                add(0);
            }
            ObjectId tip = w.commit("initial import", start, AUTHORS[0]);
            Instant when = start;
            for (int c = 1; c < commits; c++) {
                when = start.plusSeconds(c * step + rnd.nextLong(step / 2));
                touch(c);
                tip = w.commit("change " + c, when, AUTHORS[rnd.nextInt(AUTHORS.length)]);
            }
            int headFiles = live.size();
            long headBytes = w.liveBytes();
            // One more commit on another branch, for the re-run after one new commit.
            touchN(commits, 3);
            ObjectId plus = w.commit("one more change", when.plusSeconds(86400), AUTHORS[1]);
            w.flush();
            setRef(repo, Constants.R_HEADS + "main", tip);
            setRef(repo, Constants.R_HEADS + PLUS_ONE, plus);
            return new HistoryShape(commits, headFiles, headBytes, w.blobCount(),
                    java.time.Duration.between(start, when).toDays());
        }

        private void touch(int c) throws IOException {
            double u = rnd.nextDouble();
            int n = 1 + (int) (19 * u * u * u); // 1..20, most commits small
            touchN(c, n);
        }

        private void touchN(int c, int n) throws IOException {
            for (int k = 0; k < n; k++) {
                double op = rnd.nextDouble();
                if (op < 0.17 || live.size() < 10) {
                    add(c);
                } else if (op < 0.20) {
                    String p = live.remove(pick());
                    state.remove(p);
                    w.remove(p);
                } else if (op < 0.22) {
                    int i = pick();
                    String p = live.get(i);
                    String q = path(nextId++);
                    live.set(i, q);
                    state.put(q, state.remove(p));
                    w.rename(p, q);
                } else {
                    edit(c, live.get(pick()));
                }
            }
        }

        /** Skewed towards hot files: 60 % of touches go to a tenth of the files. */
        private int pick() {
            int n = live.size();
            if (rnd.nextDouble() < 0.6) {
                // the hot set: files whose index is a multiple of 10 (stable as files come and go at the end)
                int hot = Math.max(1, n / 10);
                return Math.min(n - 1, rnd.nextInt(hot) * 10);
            }
            return rnd.nextInt(n);
        }

        private String path(int id) {
            return "src/pkg" + (id % 61) + "/sub" + (id % 7) + "/mod_" + id + ".py";
        }

        private void add(int c) throws IOException {
            String p = path(nextId++);
            double u = rnd.nextDouble();
            int target = (int) Math.max(300, Math.min(meanBytes * 8.0, -Math.log(1 - u) * meanBytes));
            int library = rnd.nextDouble() < asyncShare ? rnd.nextInt(3) : Corpus.NO_ASYNC;
            // Later files are written with anyio more often (the migration).
            if (library == Corpus.ASYNCIO && rnd.nextDouble() < 0.7 * c / commits) {
                library = Corpus.ANYIO;
            }
            live.add(p);
            state.put(p, new int[] {library, target, 0});
            write(p);
        }

        private void edit(int c, String p) throws IOException {
            int[] s = state.get(p);
            s[2]++;
            if (s[0] == Corpus.ASYNCIO && rnd.nextDouble() < 0.7 * c / commits) {
                s[0] = Corpus.ANYIO;
            }
            s[1] = Math.max(300, s[1] + rnd.nextInt(-400, 800)); // files grow a little
            write(p);
        }

        private void write(String p) throws IOException {
            int[] s = state.get(p);
            SplittableRandom f = new SplittableRandom(p.hashCode() * 1_000_003L + s[2] * 7919L + s[0]);
            String text = Corpus.file(f, s[1], s[0], f.nextDouble() < 0.02, f.nextDouble() < 0.05);
            w.put(p, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes files, trees and commits into one pack: keeps the current tree in memory and, per commit, formats
     * only the directories that changed.
     */
    static final class Writer implements AutoCloseable {
        private record Ent(FileMode mode, ObjectId id) {
        }

        private final Repository repo;
        private final ObjectInserter ins;
        private final ObjectInserter.Formatter fmt = new ObjectInserter.Formatter();
        private final Set<ObjectId> written = new HashSet<>();
        /** Directory ("" = root) to entries keyed by name, directories with a trailing '/' (git order). */
        private final Map<String, TreeMap<String, Ent>> dirs = new HashMap<>();
        private final Set<String> dirty = new HashSet<>();
        private final Map<String, Long> sizes = new HashMap<>();
        private ObjectId parent;
        private int blobs;

        Writer(Repository repo) {
            this.repo = repo;
            ObjectDatabase db = repo.getObjectDatabase();
            this.ins = db instanceof ObjectDirectory od ? od.newPackInserter() : db.newInserter();
            dirs.put("", new TreeMap<>());
        }

        int blobCount() {
            return blobs;
        }

        long liveBytes() {
            return sizes.values().stream().mapToLong(Long::longValue).sum();
        }

        private ObjectId insert(int type, byte[] data) throws IOException {
            ObjectId id = fmt.idFor(type, data);
            if (written.add(id)) {
                ins.insert(type, data);
                if (type == Constants.OBJ_BLOB) {
                    blobs++;
                }
            }
            return id;
        }

        void put(String path, byte[] content) throws IOException {
            ObjectId id = insert(Constants.OBJ_BLOB, content);
            sizes.put(path, (long) content.length);
            set(path, new Ent(FileMode.REGULAR_FILE, id));
        }

        void remove(String path) {
            sizes.remove(path);
            set(path, null);
        }

        void rename(String from, String to) {
            int slash = from.lastIndexOf('/');
            Ent e = dirs.get(slash < 0 ? "" : from.substring(0, slash)).get(from.substring(slash + 1));
            sizes.put(to, sizes.remove(from));
            set(from, null);
            set(to, e);
        }

        private void set(String path, Ent e) {
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "" : path.substring(0, slash);
            String name = path.substring(slash + 1);
            TreeMap<String, Ent> entries = dirs.computeIfAbsent(dir, d -> new TreeMap<>());
            if (e == null) {
                entries.remove(name);
            } else {
                entries.put(name, e);
            }
            for (String d = dir; ; d = d.substring(0, Math.max(0, d.lastIndexOf('/')))) {
                dirty.add(d);
                if (d.isEmpty()) {
                    break;
                }
            }
        }

        /** Writes the changed trees and a commit whose parent is the previous one. */
        ObjectId commit(String message, Instant when, String author) throws IOException {
            List<String> order = new ArrayList<>(dirty);
            order.sort(Comparator.comparingInt((String d) -> d.isEmpty() ? 0 : d.split("/").length).reversed());
            ObjectId root = null;
            for (String d : order) {
                TreeMap<String, Ent> entries = dirs.get(d);
                ObjectId id = null;
                if (entries != null && !entries.isEmpty()) {
                    TreeFormatter tf = new TreeFormatter();
                    for (Map.Entry<String, Ent> e : entries.entrySet()) {
                        String name = e.getValue().mode() == FileMode.TREE
                                ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
                        tf.append(name, e.getValue().mode(), e.getValue().id());
                    }
                    id = insert(Constants.OBJ_TREE, tf.toByteArray());
                } else if (!d.isEmpty()) {
                    dirs.remove(d);
                }
                if (d.isEmpty()) {
                    root = id != null ? id : insert(Constants.OBJ_TREE, new byte[0]);
                } else {
                    int slash = d.lastIndexOf('/');
                    String parentDir = slash < 0 ? "" : d.substring(0, slash);
                    String key = d.substring(slash + 1) + "/";
                    TreeMap<String, Ent> pe = dirs.computeIfAbsent(parentDir, x -> new TreeMap<>());
                    if (id == null) {
                        pe.remove(key);
                    } else {
                        pe.put(key, new Ent(FileMode.TREE, id));
                    }
                }
            }
            dirty.clear();
            PersonIdent who = new PersonIdent(author, author.toLowerCase(java.util.Locale.ROOT) + "@example.com", when, ZoneOffset.UTC);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(root);
            if (parent != null) {
                cb.setParentId(parent);
            }
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message + "\n");
            parent = insert(Constants.OBJ_COMMIT, cb.build());
            return parent;
        }

        void flush() throws IOException {
            ins.flush();
        }

        @Override
        public void close() {
            ins.close();
            fmt.close();
        }
    }

    static void setRef(Repository repo, String name, ObjectId id) throws IOException {
        RefUpdate ru = repo.updateRef(name);
        ru.setNewObjectId(id);
        ru.setForceUpdate(true);
        RefUpdate.Result r = ru.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE
                && r != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException(name + ": " + r);
        }
    }
}
