package io.anyscope.check;

import io.anyscope.catalog.Catalog;
import io.anyscope.extract.ExtractionException;
import io.anyscope.extract.Extractor;
import io.anyscope.extract.FileKinds;
import io.anyscope.extract.FileResult;
import io.anyscope.util.Version;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.NotIgnoredFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code anyscope check}: the sites of a working tree (or a commit) against those of a base revision or a baseline,
 * on the same extractor and catalog as scans, without Beam. With a base only the files that differ are parsed, and a
 * renamed or copied file's sites are matched against its old path's.
 */
public final class Checker {
    /** Directories never walked outside git (inside git, ignored files are left out instead). */
    private static final Set<String> SKIP_DIRS = Set.of(".git", ".hg", ".svn", "__pycache__", "node_modules",
            ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".pytest_cache", "site-packages");

    /**
     * What to check.
     *
     * @param path           a directory: the working copy (or a bare repository), or a directory inside one, whose
     *                       files alone are then checked; any directory without git for a full check
     * @param base           a revision to compare with (base mode), or null
     * @param head           a revision to check instead of the working tree, or null
     * @param baseline       a baseline file to compare with, or null
     * @param paths          globs over repository-relative paths ({@code src/**}); a glob without wildcards is a
     *                       directory or file; empty: all files
     * @param writeBaseline  write a baseline of every site found to this file (then compare with it), or null
     * @param updateBaseline tighten {@code baseline} to the sites found (never loosen it)
     * @param threads        parser threads
     */
    public record Request(Path path, String base, String head, Path baseline, List<String> paths,
                          Path writeBaseline, boolean updateBaseline, int threads) {
    }

    private final Catalog catalog;
    private final String version;

    public Checker(Catalog catalog) {
        this.catalog = catalog;
        this.version = Version.current();
    }

    /** One file to read and parse: a side of a change, or a file of the checked tree. */
    private record Job(String path, String identityPath, Loader loader) {
    }

    @FunctionalInterface
    private interface Loader {
        byte[] load() throws IOException, ExtractionException;
    }

    /**
     * One changed (or listed) file: its old side (base mode) and new side, either may be null. {@code copy}: the new
     * side is a copy of the old one, whose file is still there (with its own pair): the old side's sites it lacks
     * were not removed.
     */
    private record Pair(Job oldSide, Job newSide, boolean copy) {
        Pair(Job oldSide, Job newSide) {
            this(oldSide, newSide, false);
        }
    }

    /** A parsed file: its tracked sites (unnumbered) and suppression comments; or why it was not read. */
    private record Parsed(List<Site> sites, Suppressions suppressions, String problem) {
    }

    public CheckResult run(Request r) throws CheckException {
        if (r.base() != null && (r.baseline() != null || r.writeBaseline() != null)) {
            throw CheckException.usage("--base compares with a revision; it cannot be combined with --baseline or "
                    + "--write-baseline");
        }
        if (r.baseline() != null && r.writeBaseline() != null) {
            throw CheckException.usage("--write-baseline writes a new baseline; use --update-baseline to tighten "
                    + r.baseline());
        }
        if (r.updateBaseline() && r.baseline() == null) {
            throw CheckException.usage("--update-baseline needs --baseline FILE");
        }
        if (!Files.isDirectory(r.path())) {
            throw CheckException.usage("no such directory: " + r.path());
        }
        Baseline baseline = r.baseline() == null ? null : Baseline.read(r.baseline());
        try (Repository repo = openRepo(r.path())) {
            if (repo == null && (r.base() != null || r.head() != null)) {
                throw CheckException.usage(r.path() + " is not in a git repository (--base and --head need one)");
            }
            Scope scope = new Scope(prefix(repo, r.path()), r.paths());
            if (r.base() != null) {
                return compareWithBase(repo, r, scope);
            }
            return compareWithBaseline(repo, r, scope, baseline);
        } catch (IOException e) {
            throw CheckException.failed("cannot read " + r.path() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ base mode

    private CheckResult compareWithBase(Repository repo, Request r, Scope scope) throws CheckException, IOException {
        RevCommit base = GitChanges.resolve(repo, r.base());
        RevCommit head = r.head() != null ? GitChanges.resolve(repo, r.head())
                : repo.isBare() ? GitChanges.resolve(repo, Constants.HEAD) : null;
        List<DiffEntry> diffs = head != null ? GitChanges.between(repo, base, head)
                : GitChanges.toWorkingTree(repo, base);
        List<Pair> pairs = new ArrayList<>();
        for (DiffEntry d : diffs) {
            boolean added = d.getChangeType() == DiffEntry.ChangeType.ADD;
            boolean deleted = d.getChangeType() == DiffEntry.ChangeType.DELETE;
            String newPath = deleted ? null : d.getNewPath();
            String oldPath = added ? null : d.getOldPath();
            if (!scope.includes(newPath != null ? newPath : oldPath)) {
                continue;
            }
            String identity = oldPath != null ? oldPath : newPath;
            Job oldJob = oldPath != null && isFile(d.getOldMode()) && FileKinds.parserFor(oldPath) != null
                    ? new Job(oldPath, oldPath, blob(repo, d.getOldId().toObjectId(), oldPath)) : null;
            Job newJob = null;
            if (newPath != null && isFile(d.getNewMode()) && FileKinds.parserFor(newPath) != null) {
                newJob = new Job(newPath, identity, head != null ? blob(repo, d.getNewId().toObjectId(), newPath)
                        : file(repo.getWorkTree().toPath().resolve(newPath), newPath));
            }
            if (oldJob != null || newJob != null) {
                pairs.add(new Pair(oldJob, newJob, d.getChangeType() == DiffEntry.ChangeType.COPY));
            }
        }
        Map<Job, Parsed> parsed = parseAll(pairs, r.threads());
        List<Finding> findings = new ArrayList<>();
        List<Site> suppressed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int sites = 0;
        int files = 0;
        for (Pair p : pairs) {
            Parsed before = p.oldSide() == null ? null : parsed.get(p.oldSide());
            Parsed after = p.newSide() == null ? null : parsed.get(p.newSide());
            files += (before != null && before.problem() == null ? 1 : 0)
                    + (after != null && after.problem() == null ? 1 : 0);
            List<Site> oldSites = before == null ? List.of() : active(before, null, null);
            Map<SiteKey, Integer> oldCounts = counts(oldSites);
            List<Site> newSites = List.of();
            if (after != null) {
                if (after.problem() != null) {
                    notes.add(after.problem());
                    continue;
                }
                newSites = active(after, suppressed, findings);
                sites += after.sites().size();
                classify(newSites, oldCounts, findings);
            }
            if (p.copy()) {
                continue; // the copied file's sites are counted by its own pair
            }
            Map<SiteKey, Integer> newCounts = counts(newSites);
            for (Site s : oldSites) {
                if (Sites.isLegacyRole(s.role()) && s.occurrence() > newCounts.getOrDefault(s.key(), 0)) {
                    findings.add(new Finding(Finding.Kind.REMOVED_LEGACY, s, s.displaySymbol() + " removed", 1));
                }
            }
        }
        String checked = head != null ? r.head() == null ? "HEAD (" + abbrev(head) + ")"
                : r.head() + " (" + abbrev(head) + ")" : "working tree";
        return result("base", r.base() + " (" + abbrev(base) + ")", checked, pairs.size(), files, sites, findings,
                suppressed, notes);
    }

    // ------------------------------------------------------------------------------------ baseline and full mode

    private CheckResult compareWithBaseline(Repository repo, Request r, Scope scope, Baseline baseline)
            throws CheckException, IOException {
        List<Pair> pairs = new ArrayList<>();
        String checked;
        if (repo != null && (r.head() != null || repo.isBare())) {
            RevCommit head = GitChanges.resolve(repo, r.head() != null ? r.head() : Constants.HEAD);
            checked = (r.head() != null ? r.head() : "HEAD") + " (" + abbrev(head) + ")";
            try (TreeWalk tw = new TreeWalk(repo)) {
                tw.addTree(head.getTree());
                tw.setRecursive(true);
                if (!scope.prefix.isEmpty()) {
                    tw.setFilter(PathFilter.create(scope.prefix));
                }
                while (tw.next()) {
                    String p = tw.getPathString();
                    if (isFile(tw.getFileMode(0)) && scope.includes(p)) {
                        pairs.add(new Pair(null, new Job(p, p, blob(repo, tw.getObjectId(0), p))));
                    }
                }
            }
        } else if (repo != null) {
            checked = "working tree";
            try (TreeWalk tw = new TreeWalk(repo)) {
                tw.addTree(new FileTreeIterator(repo));
                tw.setRecursive(true);
                TreeFilter f = new NotIgnoredFilter(0);
                tw.setFilter(scope.prefix.isEmpty() ? f : AndTreeFilter.create(PathFilter.create(scope.prefix), f));
                Path root = repo.getWorkTree().toPath();
                while (tw.next()) {
                    String p = tw.getPathString();
                    if (isFile(tw.getFileMode(0)) && scope.includes(p)) {
                        pairs.add(new Pair(null, new Job(p, p, file(root.resolve(p), p))));
                    }
                }
            }
        } else {
            checked = r.path().toString();
            for (Map.Entry<String, Path> e : walk(r.path()).entrySet()) {
                if (scope.includes(e.getKey())) {
                    pairs.add(new Pair(null, new Job(e.getKey(), e.getKey(), file(e.getValue(), e.getKey()))));
                }
            }
        }
        Map<Job, Parsed> parsed = parseAll(pairs, r.threads());
        List<Finding> findings = new ArrayList<>();
        List<Site> suppressed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Site> all = new ArrayList<>();
        int sites = 0;
        int files = 0;
        for (Pair p : pairs) {
            Parsed after = parsed.get(p.newSide());
            if (after.problem() != null) {
                notes.add(after.problem());
                continue;
            }
            files++;
            sites += after.sites().size();
            all.addAll(active(after, suppressed, findings));
        }
        Map<SiteKey, Integer> current = counts(all);
        String reference = "none (every site is new)";
        String mode = "full";
        if (r.writeBaseline() != null) {
            baseline = new Baseline(current);
            baseline.write(r.writeBaseline(), version, catalog.version());
            notes.add("wrote baseline " + r.writeBaseline() + ": " + current.size() + " site identities, "
                    + current.values().stream().mapToInt(Integer::intValue).sum() + " sites");
            reference = "baseline " + r.writeBaseline() + " (just written)";
            mode = "baseline";
        } else if (baseline != null) {
            reference = "baseline " + r.baseline();
            mode = "baseline";
            if (r.updateBaseline()) {
                baseline = tighten(baseline, current, scope, r.baseline(), notes);
            }
        }
        Map<SiteKey, Integer> allowed = baseline == null ? Map.of() : baseline.counts();
        classify(all, allowed, findings);
        if (baseline != null) {
            for (Map.Entry<SiteKey, Integer> e : baseline.counts().entrySet()) {
                SiteKey k = e.getKey();
                int have = current.getOrDefault(k, 0);
                if (scope.includes(k.path()) && e.getValue() > have) {
                    Site stub = new Site(k.path(), k.path(), 0, 0, "baseline", "", "", k.symbol(), k.text(), null,
                            null, null, null, null, null, 0);
                    findings.add(new Finding(Finding.Kind.STALE_BASELINE, stub, "the baseline allows "
                            + e.getValue() + " of " + stub.displaySymbol() + " at `" + k.text() + "`, the code has "
                            + have + ": removed work could come back unnoticed; tighten it with --update-baseline",
                            e.getValue() - have));
                }
            }
        }
        return result(mode, reference, checked, pairs.size(), files, sites, findings, suppressed, notes);
    }

    /** The baseline with each in-scope identity's count lowered to the sites found (never raised), written back. */
    private Baseline tighten(Baseline baseline, Map<SiteKey, Integer> current, Scope scope, Path file,
                             List<String> notes) throws CheckException {
        Map<SiteKey, Integer> m = new TreeMap<>();
        int removed = 0;
        for (Map.Entry<SiteKey, Integer> e : baseline.counts().entrySet()) {
            int keep = scope.includes(e.getKey().path())
                    ? Math.min(e.getValue(), current.getOrDefault(e.getKey(), 0)) : e.getValue();
            removed += e.getValue() - keep;
            if (keep > 0) {
                m.put(e.getKey(), keep);
            }
        }
        Baseline tight = new Baseline(m);
        tight.write(file, version, catalog.version());
        notes.add("tightened baseline " + file + ": " + removed + " sites fewer, " + m.size() + " identities left");
        return tight;
    }

    // ------------------------------------------------------------------------------------------------ shared

    /**
     * A parsed file's sites that count: suppressed ones (a comment with a reason) go to {@code suppressed}, comments
     * without a reason become findings; the rest are numbered by identity.
     */
    private static List<Site> active(Parsed p, List<Site> suppressed, List<Finding> findings) {
        if (p.problem() != null) {
            return List.of();
        }
        List<Site> keep = new ArrayList<>();
        for (Site s : p.sites()) {
            Suppressions.Suppression x = p.suppressions().find(s);
            if (x != null && x.hasReason()) {
                if (suppressed != null) {
                    suppressed.add(s);
                }
            } else {
                keep.add(s);
            }
        }
        if (findings != null && !p.sites().isEmpty()) {
            String path = p.sites().get(0).path();
            String identity = p.sites().get(0).identityPath();
            for (Suppressions.Suppression x : p.suppressions().all()) {
                if (!x.hasReason()) {
                    Site stub = new Site(path, identity, x.line(), 1, "suppression", "", "",
                            String.join(",", x.names()), "", null, null, null, null, null, null, 0);
                    findings.add(new Finding(Finding.Kind.SUPPRESSION_WITHOUT_REASON, stub, "`anyscope: ignore["
                            + String.join(",", x.names()) + "]` has no reason, so it suppresses nothing: say why "
                            + "after the brackets", 1));
                }
            }
        }
        return Sites.numbered(keep);
    }

    /** New sites (beyond the reference's count of their identity) and the others (legacy, for any-legacy). */
    private static void classify(List<Site> sites, Map<SiteKey, Integer> reference, List<Finding> findings) {
        for (Site s : sites) {
            boolean isNew = s.occurrence() > reference.getOrDefault(s.key(), 0);
            if (s.isMistake()) {
                findings.add(new Finding(isNew ? Finding.Kind.NEW_FINDING : Finding.Kind.FINDING, s,
                        s.displaySymbol() + ": " + s.broken() + " → " + s.equivalent(), 1));
            } else if (s.broken() != null) {
                if (isNew) {
                    findings.add(new Finding(Finding.Kind.NEW_BROKEN, s, s.broken()
                            + (s.equivalent() == null ? "" : " (from " + s.equivalent() + ")"), 1));
                }
            } else if (s.isDependency()) {
                findings.add(new Finding(isNew ? Finding.Kind.NEW_DEPENDENCY : Finding.Kind.LEGACY, s,
                        "dependency on " + s.displaySymbol() + " (" + s.role() + " library " + s.library() + ") in "
                                + s.text() + ": " + s.equivalent(), 1));
            } else {
                findings.add(new Finding(isNew ? Finding.Kind.NEW_LEGACY : Finding.Kind.LEGACY, s, describe(s), 1));
            }
        }
    }

    /** {@code asyncio.create_task → TaskGroup.start_soon() ... (structural)}. */
    static String describe(Site s) {
        if (s.equivalent() == null) {
            return s.symbol() + " (not in the catalog; " + s.tier() + ")";
        }
        return s.symbol() + " → " + s.equivalent() + " (" + s.tier() + ")";
    }

    private static Map<SiteKey, Integer> counts(List<Site> sites) {
        Map<SiteKey, Integer> m = new HashMap<>();
        for (Site s : sites) {
            m.merge(s.key(), 1, Integer::sum);
        }
        return m;
    }

    private CheckResult result(String mode, String reference, String checked, int filesChanged, int filesParsed,
                               int sites, List<Finding> findings, List<Site> suppressed, List<String> notes) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort((a, b) -> Sites.ORDER.compare(a.site(), b.site()));
        List<Site> sup = new ArrayList<>(suppressed);
        sup.sort(Sites.ORDER);
        return new CheckResult(mode, reference, checked, filesChanged, filesParsed, sites, List.copyOf(sorted),
                List.copyOf(sup), List.copyOf(notes), version, catalog.version());
    }

    private Map<Job, Parsed> parseAll(List<Pair> pairs, int threads) throws CheckException {
        List<Job> jobs = new ArrayList<>();
        for (Pair p : pairs) {
            if (p.oldSide() != null) {
                jobs.add(p.oldSide());
            }
            if (p.newSide() != null) {
                jobs.add(p.newSide());
            }
        }
        Map<Job, Parsed> out = new HashMap<>();
        if (jobs.isEmpty()) {
            return out;
        }
        int n = Math.max(1, Math.min(threads, jobs.size()));
        ThreadLocal<Extractor> extractors = ThreadLocal.withInitial(() -> new Extractor(catalog));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "anyscope-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Parsed>> futures = new ArrayList<>();
            for (Job j : jobs) {
                futures.add(pool.submit(() -> parse(j, extractors.get())));
            }
            for (int i = 0; i < jobs.size(); i++) {
                out.put(jobs.get(i), futures.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CheckException.failed("interrupted", e);
        } catch (ExecutionException e) {
            throw CheckException.failed("cannot parse: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private Parsed parse(Job j, Extractor x) {
        try {
            byte[] content = j.loader().load();
            String parser = FileKinds.parserFor(j.path());
            Extractor.checkReadable(j.path(), parser, content);
            FileResult fr = x.extract(j.path(), parser, content);
            return new Parsed(Sites.of(fr, j.path(), j.identityPath(), catalog), Suppressions.of(content), null);
        } catch (ExtractionException e) {
            return new Parsed(List.of(), Suppressions.NONE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Parsed(List.of(), Suppressions.NONE, j.path() + ": cannot read: " + e.getMessage());
        }
    }

    private static Loader blob(Repository repo, ObjectId id, String path) {
        return () -> {
            ObjectLoader l = repo.open(id, Constants.OBJ_BLOB);
            if (l.getSize() > Extractor.DEFAULT_MAX_BYTES) {
                throw new ExtractionException("too_large", path + ": " + l.getSize() + " bytes, over the "
                        + Extractor.DEFAULT_MAX_BYTES + "-byte cap; not read");
            }
            return l.getCachedBytes(Integer.MAX_VALUE);
        };
    }

    private static Loader file(Path file, String path) {
        return () -> {
            long size = Files.size(file);
            if (size > Extractor.DEFAULT_MAX_BYTES) {
                throw new ExtractionException("too_large", path + ": " + size + " bytes, over the "
                        + Extractor.DEFAULT_MAX_BYTES + "-byte cap; not read");
            }
            return Files.readAllBytes(file);
        };
    }

    private static boolean isFile(FileMode m) {
        return m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE;
    }

    private static String abbrev(RevCommit c) {
        return c.getId().abbreviate(7).name();
    }

    private static Repository openRepo(Path dir) throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().normalize().toFile());
        if (b.getGitDir() == null) {
            return null;
        }
        return b.setMustExist(true).build();
    }

    /** PATH relative to the work tree ({@code services/payments/}), or empty at its root and for bare repositories. */
    private static String prefix(Repository repo, Path dir) throws IOException {
        if (repo == null || repo.isBare()) {
            return "";
        }
        Path root = repo.getWorkTree().toPath().toRealPath();
        Path here = dir.toRealPath();
        String rel = root.relativize(here).toString().replace(File.separatorChar, '/');
        return rel.isEmpty() ? "" : rel;
    }

    /** Files anyscope reads under {@code root}, by path relative to it, skipping {@link #SKIP_DIRS}. */
    private static Map<String, Path> walk(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !Files.isSymbolicLink(file)) {
                    files.put(root.relativize(file).toString().replace(File.separatorChar, '/'), file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** Which repository-relative paths are checked: files anyscope reads, under PATH, matching a --paths glob. */
    static final class Scope {
        final String prefix;
        private final List<PathMatcher> globs = new ArrayList<>();
        private final List<String> plain = new ArrayList<>();

        Scope(String prefix, List<String> paths) {
            this.prefix = prefix;
            for (String g : paths == null ? List.<String>of() : paths) {
                String glob = g.startsWith("./") ? g.substring(2) : g;
                if (glob.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
                    globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
                    if (glob.startsWith("**/")) {
                        globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
                    }
                } else {
                    plain.add(glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob);
                }
            }
        }

        boolean includes(String path) {
            if (FileKinds.parserFor(path) == null) {
                return false;
            }
            if (!prefix.isEmpty() && !path.startsWith(prefix + "/")) {
                return false;
            }
            if (globs.isEmpty() && plain.isEmpty()) {
                return true;
            }
            for (String p : plain) {
                if (path.equals(p) || path.startsWith(p + "/")) {
                    return true;
                }
            }
            Path asPath = Path.of(path);
            for (PathMatcher m : globs) {
                if (m.matches(asPath)) {
                    return true;
                }
            }
            return false;
        }
    }
}
