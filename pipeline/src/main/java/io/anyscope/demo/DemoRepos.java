package io.anyscope.demo;

import io.anyscope.util.Trees;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
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
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Creates the sample git repositories behind {@code anyscope demo}: three small Python code bases whose histories
 * tell different migration stories (one migrating from asyncio with a regression on the way, one migrating from trio
 * with a blocker left, one not started and still growing its asyncio use).
 *
 * <p>Each repository's history is a script plus whole-file versions under the class-path folder
 * {@code io/anyscope/demo/<repo>/} (see {@link Story} for the format). Dates are relative to a start Monday: week
 * {@code W0} is the week of the start Monday, the last scripted week is {@code W15}. Commit, tag and merge objects
 * are written directly (no working tree is involved until the final checkout), so the same start Monday gives the
 * same object ids on every machine.
 */
public final class DemoRepos {
    /** The demo repositories, in the order they are created and listed. */
    public static final List<String> NAMES = List.of("payments-service", "trio-telemetry", "legacy-gateway");
    /** How many weeks a story may span, counted from the start Monday. */
    public static final int WEEKS = 16;
    /** The repository list written next to the repositories. */
    public static final String REPOS_CSV = "repos.csv";
    /** In {@code payments-service}: the week (index from the start Monday) whose tip holds the regression. */
    public static final int PAYMENTS_REGRESSION_WEEK = 6;
    /** In {@code payments-service}: the week whose tip no longer holds the regression. */
    public static final int PAYMENTS_REGRESSION_FIXED_WEEK = 9;
    /** The name of the author of the regression commit in {@code payments-service}. */
    public static final String PAYMENTS_REGRESSION_AUTHOR = "Dave Kessler";
    /**
     * The name of the author of the commit that follows the regression in the same week in {@code payments-service}
     * (an unrelated file): the week's snapshot commit, which the regression must not be attributed to.
     */
    public static final String PAYMENTS_REGRESSION_WEEK_LAST_AUTHOR = "Tomás Ortega";

    private static final String RESOURCES = "io/anyscope/demo/";
    private static final String MARKER_SECTION = "anyscope";
    private static final String MARKER_KEY = "demo";

    private DemoRepos() {
    }

    /** The default start: the Monday 16 weeks before the current week's Monday (UTC), so the charts end last week. */
    public static LocalDate defaultStart(Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(WEEKS);
    }

    /** {@link #create(Path, LocalDate)} with {@link #defaultStart(Clock)} on the system clock. */
    public static List<DemoRepo> create(Path dir) throws IOException {
        return create(dir, defaultStart(Clock.systemUTC()));
    }

    /**
     * Creates the demo repositories as {@code dir/<name>} and writes {@code dir/repos.csv}. A directory left by an
     * earlier run (recognised by the {@code anyscope.demo} key in its git config) is replaced; any other non-empty
     * directory in the way is an error.
     *
     * @param startMonday the Monday of week {@code W0}
     * @return the repositories, in {@link #NAMES} order
     */
    public static List<DemoRepo> create(Path dir, LocalDate startMonday) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (startMonday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("start must be a Monday: " + startMonday);
        }
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Story> stories = NAMES.stream().map(n -> Story.load(RESOURCES + n)).toList();
        for (Story s : stories) {
            clear(root.resolve(s.name));
        }
        List<DemoRepo> repos = new ArrayList<>();
        for (Story s : stories) {
            Path target = root.resolve(s.name);
            new Writer(s, startMonday).write(target);
            repos.add(new DemoRepo(s.name, s.team, target, s.description));
        }
        StringBuilder csv = new StringBuilder()
                .append("# anyscope demo repositories (created by 'anyscope demo', weeks starting ")
                .append(startMonday).append(")\n")
                .append("# location,name,team\n");
        for (DemoRepo r : repos) {
            csv.append(r.path()).append(',').append(r.name()).append(',').append(r.team()).append('\n');
        }
        Files.writeString(root.resolve(REPOS_CSV), csv.toString(), StandardCharsets.UTF_8);
        return List.copyOf(repos);
    }

    /** Removes an earlier demo repository at {@code target}; refuses to touch anything else. */
    private static void clear(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        boolean empty;
        try (Stream<Path> s = Files.list(target)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) {
            return;
        }
        boolean demo = false;
        if (Files.isDirectory(target.resolve(".git"))) {
            try (Repository r = new FileRepositoryBuilder().setGitDir(target.resolve(".git").toFile()).build()) {
                demo = r.getConfig().getBoolean(MARKER_SECTION, MARKER_KEY, false);
            }
        }
        if (!demo) {
            throw new IOException(target + " exists and is not an anyscope demo repository; move it away first");
        }
        Trees.delete(target);
    }

    /** Replays one story into a new repository. */
    private static final class Writer {
        private final Story story;
        private final LocalDate start;
        private final Map<String, Branch> branches = new HashMap<>();
        private final Map<String, ObjectId> tags = new TreeMap<>();
        private String current = "main";
        private Instant last = Instant.MIN;

        /** A branch being built: its tip, its files (path to blob id) and the files where it forked. */
        private static final class Branch {
            ObjectId tip;
            TreeMap<String, ObjectId> files = new TreeMap<>();
            TreeMap<String, ObjectId> base = new TreeMap<>();
        }

        Writer(Story story, LocalDate start) {
            this.story = story;
            this.start = start;
            branches.put(current, new Branch());
        }

        void write(Path target) throws IOException {
            try (Git git = Git.init().setDirectory(target.toFile()).setInitialBranch("main").call()) {
                Repository repo = git.getRepository();
                StoredConfig config = repo.getConfig();
                config.setBoolean(MARKER_SECTION, null, MARKER_KEY, true);
                config.save();
                try (ObjectInserter ins = repo.newObjectInserter()) {
                    for (Story.Step step : story.steps) {
                        apply(step, ins);
                    }
                    ins.flush();
                }
                if (!current.equals("main") || branches.size() != 1) {
                    throw new IllegalStateException(story.name + ": the story must end on main with all branches "
                            + "merged, not on " + current + " with " + branches.keySet());
                }
                setRef(repo, Constants.R_HEADS + "main", branches.get("main").tip);
                for (Map.Entry<String, ObjectId> t : tags.entrySet()) {
                    setRef(repo, Constants.R_TAGS + t.getKey(), t.getValue());
                }
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.R_HEADS + "main").call();
            } catch (GitAPIException e) {
                throw new IOException("cannot create demo repository " + target + ": " + e.getMessage(), e);
            }
        }

        private void apply(Story.Step step, ObjectInserter ins) throws IOException {
            try {
                if (step instanceof Story.Commit c) {
                    commit(c, ins);
                } else if (step instanceof Story.Branch b) {
                    if (branches.containsKey(b.name())) {
                        throw new IllegalStateException("branch exists: " + b.name());
                    }
                    Branch from = branches.get(current);
                    Branch nb = new Branch();
                    nb.tip = from.tip;
                    nb.files = new TreeMap<>(from.files);
                    nb.base = new TreeMap<>(from.files);
                    branches.put(b.name(), nb);
                    current = b.name();
                } else if (step instanceof Story.Switch s) {
                    if (!branches.containsKey(s.name())) {
                        throw new IllegalStateException("no branch " + s.name());
                    }
                    current = s.name();
                } else if (step instanceof Story.Merge m) {
                    merge(m, ins);
                } else if (step instanceof Story.Tag t) {
                    TagBuilder tb = new TagBuilder();
                    tb.setObjectId(tip(), Constants.OBJ_COMMIT);
                    tb.setTag(t.name());
                    tb.setTagger(ident(t.tagger(), time(t.when())));
                    tb.setMessage(t.message() + "\n");
                    if (tags.put(t.name(), ins.insert(tb)) != null) {
                        throw new IllegalStateException("tag exists: " + t.name());
                    }
                }
            } catch (IllegalStateException | UncheckedIOException e) {
                throw story.error(step.line(), e.getMessage());
            }
        }

        private void commit(Story.Commit c, ObjectInserter ins) throws IOException {
            Branch b = branches.get(current);
            for (Story.Change ch : c.changes()) {
                switch (ch.kind()) {
                    case PUT -> b.files.put(ch.path(), blob(ins, ch.path(), ch.version()));
                    case DELETE -> {
                        if (b.files.remove(ch.path()) == null) {
                            throw new IllegalStateException("cannot delete missing " + ch.path());
                        }
                    }
                    case RENAME -> {
                        ObjectId old = b.files.remove(ch.path());
                        if (old == null || b.files.containsKey(ch.newPath())) {
                            throw new IllegalStateException("cannot rename " + ch.path() + " to " + ch.newPath());
                        }
                        b.files.put(ch.newPath(),
                                ch.version() == null ? old : blob(ins, ch.newPath(), ch.version()));
                    }
                }
            }
            List<ObjectId> parents = b.tip == null ? List.of() : List.of(b.tip);
            b.tip = insertCommit(ins, b.files, parents, c.author(), c.when(), c.message());
        }

        private void merge(Story.Merge m, ObjectInserter ins) throws IOException {
            Branch ours = branches.get(current);
            Branch theirs = branches.get(m.branch());
            if (theirs == null || theirs == ours) {
                throw new IllegalStateException("cannot merge " + m.branch() + " into " + current);
            }
            TreeSet<String> paths = new TreeSet<>(ours.files.keySet());
            paths.addAll(theirs.files.keySet());
            TreeMap<String, ObjectId> merged = new TreeMap<>();
            for (String p : paths) {
                ObjectId base = theirs.base.get(p);
                ObjectId o = ours.files.get(p);
                ObjectId t = theirs.files.get(p);
                ObjectId result;
                if (Objects.equals(t, base) || Objects.equals(o, t)) {
                    result = o;
                } else if (Objects.equals(o, base)) {
                    result = t;
                } else {
                    throw new IllegalStateException("merge conflict on " + p);
                }
                if (result != null) {
                    merged.put(p, result);
                }
            }
            ours.files = merged;
            ours.tip = insertCommit(ins, merged, List.of(ours.tip, theirs.tip), m.author(), m.when(), m.message());
            branches.remove(m.branch());
        }

        private ObjectId insertCommit(ObjectInserter ins, TreeMap<String, ObjectId> files, List<ObjectId> parents,
                                      String who, Story.When when, String message) throws IOException {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, ObjectId> f : files.entrySet()) {
                DirCacheEntry e = new DirCacheEntry(f.getKey());
                e.setFileMode(FileMode.REGULAR_FILE);
                e.setObjectId(f.getValue());
                builder.add(e);
            }
            builder.finish();
            PersonIdent ident = ident(who, time(when));
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(index.writeTree(ins));
            cb.setParentIds(parents);
            cb.setAuthor(ident);
            cb.setCommitter(ident);
            cb.setMessage(message + "\n");
            return ins.insert(cb);
        }

        private ObjectId blob(ObjectInserter ins, String path, int version) throws IOException {
            return ins.insert(Constants.OBJ_BLOB, story.content(path, version));
        }

        private ObjectId tip() {
            ObjectId tip = branches.get(current).tip;
            if (tip == null) {
                throw new IllegalStateException("no commit yet on " + current);
            }
            return tip;
        }

        private Instant time(Story.When w) {
            if (w.week() < 0 || w.week() >= WEEKS) {
                throw new IllegalStateException("week W" + w.week() + " is outside W0..W" + (WEEKS - 1));
            }
            Instant t = start.plusWeeks(w.week()).with(TemporalAdjusters.nextOrSame(w.day()))
                    .atTime(w.time()).toInstant(ZoneOffset.UTC);
            if (t.isBefore(last)) {
                throw new IllegalStateException("events must be in chronological order: " + t + " < " + last);
            }
            last = t;
            return t;
        }

        private PersonIdent ident(String handle, Instant when) {
            Story.Person p = story.people.get(handle);
            return new PersonIdent(p.name(), p.email(), when, ZoneOffset.UTC);
        }

        private static void setRef(Repository repo, String name, ObjectId id) throws IOException {
            RefUpdate u = repo.updateRef(name);
            u.setNewObjectId(id);
            u.setRefLogMessage("anyscope demo", false);
            RefUpdate.Result r = u.forceUpdate();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("cannot set " + name + ": " + r);
            }
        }
    }
}
