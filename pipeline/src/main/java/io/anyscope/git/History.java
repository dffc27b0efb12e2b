package io.anyscope.git;

import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The first-parent history of one branch, and the snapshots chosen from it. See the package documentation for the
 * policies; in short: first parents only (the root commit included), periods in UTC, a period's snapshot is the
 * newest commit in first-parent order whose committer date is before the period's end, and the tip is always
 * included.
 *
 * <p>Lazy: resolving the branch reads one ref; the first-parent chain is walked on the first call that needs it
 * (snapshot selection in every mode but {@link Mode#HEAD}; the changes table's planning in every mode, HEAD
 * included) and kept. Commit bodies (author) are read only for the selected commits. Not
 * thread-safe; the {@link Repository} stays owned by the caller.
 */
public final class History {
    /** Which snapshots to take. */
    public enum Mode {
        /** The tip only. */
        HEAD,
        /** One per ISO week (UTC, Monday to Sunday). */
        WEEKLY,
        /** One per calendar month (UTC). */
        MONTHLY,
        /** One per tag on the first-parent line, plus the tip. */
        TAGS,
        /** Every first-parent commit. */
        ALL;

        /** The mode named (any case: {@code weekly}, {@code HEAD}), or null when there is none of that name. */
        public static Mode parse(String name) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return m;
                }
            }
            return null;
        }
    }

    private static final DateTimeFormatter MONTH_LABEL = DateTimeFormatter.ofPattern("uuuu-MM");

    private final Repository repo;
    private final String display;
    private final String branch;
    private final String refName;
    private final ObjectId tip;

    /** Oldest first: the root, then each first-parent child up to the tip. */
    private List<ObjectId> chain;
    private long[] commitSeconds;
    private Map<ObjectId, Integer> indexOf;
    private GitInputException gap;
    private String gapCommit;
    private final Map<ObjectId, Snapshot> details = new HashMap<>();

    private History(Repository repo, String display, String branch, String refName, ObjectId tip) {
        this.repo = repo;
        this.display = display;
        this.branch = branch;
        this.refName = refName;
        this.tip = tip;
    }

    /** {@link #of(Repository, String, String)} naming the repository by its directory in messages. */
    public static History of(Repository repo, String branchOrNull) {
        return of(repo, branchOrNull, repo.getDirectory() == null ? repo.toString()
                : repo.getDirectory().getPath());
    }

    /**
     * Resolves the branch to walk.
     *
     * @param branchOrNull {@code null} for HEAD's branch (for a bare clone, the remote's default branch; a detached
     *                     HEAD is walked as is, with {@link #branch()} {@code null}); otherwise a branch name
     *                     ({@code dev}), a remote-tracking one ({@code origin/dev}) or a full ref name
     * @param displayName  how messages name the repository (e.g. {@link RepoSpec#redactedLocation()})
     * @throws GitInputException stage history: kind other for a missing branch or an empty repository, missing_object
     *                           or corrupt when the tip cannot be read
     */
    public static History of(Repository repo, String branchOrNull, String displayName) {
        String where = "repository " + displayName;
        try {
            Ref ref;
            if (branchOrNull == null) {
                ref = repo.exactRef(Constants.HEAD);
                if (ref == null) {
                    throw new GitInputException(ErrorKind.OTHER, Stage.HISTORY, where + ": no HEAD");
                }
                if (ref.isSymbolic() && ref.getObjectId() == null) {
                    throw new GitInputException(ErrorKind.OTHER, Stage.HISTORY, where
                            + ": empty repository (HEAD points to " + ref.getTarget().getName()
                            + ", which has no commits)");
                }
            } else {
                ref = findBranch(repo, branchOrNull.strip());
                if (ref == null || ref.getObjectId() == null) {
                    List<String> names = repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                            .map(r -> Repository.shortenRefName(r.getName())).sorted().limit(20)
                            .collect(Collectors.toList());
                    throw new GitInputException(ErrorKind.OTHER, Stage.HISTORY, where + ": branch '" + branchOrNull
                            + "' not found (branches: " + (names.isEmpty() ? "none" : String.join(", ", names))
                            + ")");
                }
            }
            Ref leaf = ref.getLeaf();
            String refName = leaf.getName();
            String branch = Constants.HEAD.equals(refName) ? null : Repository.shortenRefName(refName);
            ObjectId tip;
            try (RevWalk rw = new RevWalk(repo)) {
                RevObject peeled = rw.peel(rw.parseAny(ref.getObjectId()));
                if (!(peeled instanceof RevCommit)) {
                    throw new GitInputException(ErrorKind.CORRUPT, Stage.HISTORY, where + ": " + refName
                            + " does not point to a commit");
                }
                tip = peeled.copy();
            }
            return new History(repo, displayName, branch, refName, tip);
        } catch (MissingObjectException e) {
            throw new GitInputException(ErrorKind.MISSING_OBJECT, Stage.HISTORY, where + ": the tip of "
                    + (branchOrNull == null ? "HEAD" : branchOrNull) + " is missing: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.HISTORY, where + ": cannot resolve "
                    + (branchOrNull == null ? "HEAD" : branchOrNull) + ": " + e.getMessage(), e);
        }
    }

    private static Ref findBranch(Repository repo, String name) throws IOException {
        if (name.equals(Constants.HEAD)) {
            return repo.exactRef(Constants.HEAD);
        }
        List<String> candidates = name.startsWith(Constants.R_REFS) ? List.of(name)
                : List.of(Constants.R_HEADS + name, Constants.R_REMOTES + name);
        for (String candidate : candidates) {
            Ref ref = repo.exactRef(candidate);
            if (ref != null) {
                return ref;
            }
        }
        return null;
    }

    /** The walked branch's short name ({@code main}), or {@code null} for a detached HEAD. */
    public String branch() {
        return branch;
    }

    /** The walked ref's full name ({@code refs/heads/main}, or {@code HEAD} when detached). */
    public String refName() {
        return refName;
    }

    /** The branch tip. */
    public ObjectId tip() {
        return tip;
    }

    /** The first-parent chain, oldest (the root) first, tip last. Walks it on first use. */
    public List<ObjectId> firstParentCommits() {
        walk();
        return chain;
    }

    /**
     * The snapshots of a mode, oldest first. {@code since} and {@code until} (inclusive, UTC dates, either may be
     * {@code null}) select periods by the period they fall in (a period always uses its own end as the cut-off, so a
     * label means the same commit whatever the window), and tags and commits by their committer date. HEAD mode
     * ignores them. If the last snapshot is not the tip, a {@code head} snapshot is appended.
     */
    public List<Snapshot> snapshots(Mode mode, LocalDate sinceOrNull, LocalDate untilOrNull) {
        Objects.requireNonNull(mode, "mode");
        if (sinceOrNull != null && untilOrNull != null && untilOrNull.isBefore(sinceOrNull)) {
            throw new IllegalArgumentException("until " + untilOrNull + " is before since " + sinceOrNull);
        }
        List<Snapshot> out = switch (mode) {
            case HEAD -> new ArrayList<>();
            case WEEKLY -> periodic(true, sinceOrNull, untilOrNull);
            case MONTHLY -> periodic(false, sinceOrNull, untilOrNull);
            case TAGS -> tags(sinceOrNull, untilOrNull);
            case ALL -> all(sinceOrNull, untilOrNull);
        };
        if (out.isEmpty() || !out.get(out.size() - 1).commitId().equals(tip.name())) {
            out.add(snapshot(tip, "head", Snapshot.HEAD, null, null, false));
        }
        return Collections.unmodifiableList(out);
    }

    private List<Snapshot> periodic(boolean weekly, LocalDate since, LocalDate until) {
        walk();
        int n = chain.size();
        // Sweep the commits by committer date: the selection for a cut-off is the largest first-parent index among
        // the commits dated before it, which only grows as the cut-off moves forward.
        Integer[] byTime = new Integer[n];
        for (int i = 0; i < n; i++) {
            byTime[i] = i;
        }
        java.util.Arrays.sort(byTime, Comparator.<Integer>comparingLong(i -> commitSeconds[i]).thenComparing(i -> i));
        LocalDate start = periodStart(weekly, seriesStart(since).start());
        LocalDate end = periodStart(weekly, until != null ? until : utcDate(commitSeconds[n - 1]));
        List<Snapshot> out = new ArrayList<>();
        int pointer = 0;
        int best = -1;
        // Selection for the period before the first one emitted: decides whether the first is repeated.
        long cutoff = start.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        while (pointer < n && commitSeconds[byTime[pointer]] < cutoff) {
            best = Math.max(best, byTime[pointer++]);
        }
        int previous = best;
        for (LocalDate p = start; !p.isAfter(end); p = next(weekly, p)) {
            LocalDate nextStart = next(weekly, p);
            cutoff = nextStart.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            while (pointer < n && commitSeconds[byTime[pointer]] < cutoff) {
                best = Math.max(best, byTime[pointer++]);
            }
            if (best < 0) {
                continue; // before the first commit
            }
            String label = weekly ? weekLabel(p) : MONTH_LABEL.format(p);
            out.add(snapshot(chain.get(best), label, weekly ? Snapshot.WEEK : Snapshot.MONTH, p,
                    nextStart.minusDays(1), best == previous));
            previous = best;
        }
        return out;
    }

    private List<Snapshot> tags(LocalDate since, LocalDate until) {
        walk();
        record Tagged(String name, int index) {
        }
        List<Tagged> tagged = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                if (ref.getObjectId() == null) {
                    continue;
                }
                RevObject target;
                try {
                    target = rw.peel(rw.parseAny(ref.getObjectId()));
                } catch (MissingObjectException e) {
                    continue; // a tag whose object is gone cannot be on the line
                }
                Integer index = target instanceof RevCommit ? indexOf.get(target) : null;
                if (index != null && inWindow(commitSeconds[index], since, until)) {
                    tagged.add(new Tagged(Repository.shortenRefName(ref.getName()), index));
                }
            }
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.HISTORY, "repository " + display
                    + ": cannot read tags: " + e.getMessage(), e);
        }
        tagged.sort(Comparator.<Tagged>comparingLong(t -> commitSeconds[t.index()])
                .thenComparingInt(Tagged::index).thenComparing(Tagged::name));
        List<Snapshot> out = new ArrayList<>();
        for (Tagged t : tagged) {
            out.add(snapshot(chain.get(t.index()), t.name(), Snapshot.TAG, null, null, false));
        }
        return out;
    }

    private List<Snapshot> all(LocalDate since, LocalDate until) {
        walk();
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (inWindow(commitSeconds[i], since, until)) {
                ObjectId id = chain.get(i);
                out.add(snapshot(id, id.name(), Snapshot.COMMIT, null, null, false));
            }
        }
        return out;
    }

    private static boolean inWindow(long seconds, LocalDate since, LocalDate until) {
        LocalDate d = utcDate(seconds);
        return (since == null || !d.isBefore(since)) && (until == null || !d.isAfter(until));
    }

    private Snapshot snapshot(AnyObjectId id, String label, String kind, LocalDate start, LocalDate end,
                              boolean repeated) {
        Snapshot base = details.computeIfAbsent(id.copy(), this::readCommit);
        return new Snapshot(label, kind, start, end, base.commitId(), base.commitTime(), base.authorTime(),
                base.author(), id.equals(tip), repeated);
    }

    private Snapshot readCommit(ObjectId id) {
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit c = rw.parseCommit(id);
            PersonIdent who = c.getAuthorIdent();
            Instant commitTime = Instant.ofEpochSecond(committerSeconds(c));
            return new Snapshot(null, null, null, null, id.name(), commitTime,
                    who == null ? commitTime : who.getWhenAsInstant(), who == null ? null : who.getName(), false,
                    false);
        } catch (MissingObjectException e) {
            throw new GitInputException(ErrorKind.MISSING_OBJECT, Stage.HISTORY, "repository " + display
                    + ": commit " + id.name() + " is missing", e);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.HISTORY, "repository " + display
                    + ": cannot read commit " + id.name() + ": " + e.getMessage(), e);
        }
    }

    private void walk() {
        if (chain != null) {
            return;
        }
        List<ObjectId> ids = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        RevCommit c = null;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            // Bodies are kept only while the committer line is read: its date is a long (JGit's int
            // getCommitTime() wraps after 2038), then dropped.
            rw.setRetainBody(true);
            c = rw.parseCommit(tip);
            while (true) {
                ids.add(c.copy());
                seconds.add(committerSeconds(c));
                c.disposeBody();
                if (c.getParentCount() == 0) {
                    break;
                }
                RevCommit parent = c.getParent(0);
                try {
                    rw.parseHeaders(parent);
                } catch (IOException | RuntimeException e) {
                    // A missing or corrupt commit in the middle of the line: the history after it is kept, what is
                    // before it cannot be reached (its parents are in the unreadable commit).
                    gap = gapAt(parent, c, seconds.get(seconds.size() - 1), e);
                    gapCommit = parent.name();
                    break;
                }
                c = parent;
            }
        } catch (MissingObjectException e) {
            throw new GitInputException(ErrorKind.MISSING_OBJECT, Stage.HISTORY, "repository " + display + ": commit "
                    + e.getObjectId().name() + " of the first-parent history of " + refName + " is missing", e);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.HISTORY, "repository " + display
                    + ": cannot walk the history of " + refName + " at " + (c == null ? tip : c).name() + ": "
                    + e.getMessage(), e);
        }
        Collections.reverse(ids);
        Collections.reverse(seconds);
        chain = List.copyOf(ids);
        commitSeconds = seconds.stream().mapToLong(Long::longValue).toArray();
        indexOf = new HashMap<>(chain.size() * 2);
        for (int i = 0; i < chain.size(); i++) {
            indexOf.put(chain.get(i), i);
        }
    }

    /** The committer date in epoch seconds, as a long: before 1970 negative, after 2038 beyond an int. */
    private static long committerSeconds(RevCommit c) {
        PersonIdent committer = c.getCommitterIdent();
        PersonIdent who = committer != null ? committer : c.getAuthorIdent();
        return who != null ? who.getWhenAsInstant().getEpochSecond() : 0L; // no date at all: a corrupt commit
    }

    private GitInputException gapAt(RevCommit missing, RevCommit child, long childSeconds, Throwable e) {
        boolean gone = e instanceof MissingObjectException;
        String when = utcDate(childSeconds).toString();
        return new GitInputException(gone ? ErrorKind.MISSING_OBJECT : ErrorKind.CORRUPT, Stage.HISTORY,
                "repository " + display + ": commit " + missing.name() + ", first parent of " + child.name()
                        + " (" + when + "), is " + (gone ? "missing" : "corrupt: " + e.getMessage())
                        + "; the history before it is not read");
    }

    /**
     * The missing or corrupt commit that cut the first-parent line short (its history from the tip down to that
     * commit's child is kept, the older one cannot be reached), or {@code null} when the whole line was read.
     * Walks the line on first use.
     */
    public GitInputException gap() {
        walk();
        return gap;
    }

    /** The id of the commit that cut the line short ({@link #gap}), or {@code null}. */
    public String gapCommit() {
        walk();
        return gapCommit;
    }

    /** Position of a commit in {@link #firstParentCommits()} (0 = the root), or -1 when it is not on that line. */
    public int indexOf(String commitId) {
        walk();
        Integer i;
        try {
            i = indexOf.get(ObjectId.fromString(commitId));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return i == null ? -1 : i;
    }

    /**
     * Where the changes table of a scan starts: the index in {@link #firstParentCommits()} of its first commit; it
     * runs from there to the tip. The commits after the newest one (in first-parent order) dated before the cut-off:
     * for weekly and monthly the start of the first period (the period of the first commit, or of {@code since} when
     * later), so that every snapshot's window (previous snapshot, snapshot] is inside it; for tags and all
     * {@code since} (the root without it); for head the tip's committer date minus {@code churnWeeks} weeks (commits
     * dated at or before it are out). Never after the tip: the tip's own changes are always in range.
     */
    public int changesStart(Mode mode, LocalDate sinceOrNull, int churnWeeks) {
        walk();
        int n = chain.size();
        long cutoff;
        boolean atOrBefore = false;
        switch (mode) {
            case HEAD -> {
                cutoff = commitSeconds[n - 1] - Math.max(0, churnWeeks) * 7L * 86_400L;
                atOrBefore = true;
            }
            case WEEKLY, MONTHLY -> cutoff = periodStart(mode == Mode.WEEKLY, seriesStart(sinceOrNull).start())
                    .atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            default -> {
                if (sinceOrNull == null) {
                    return 0;
                }
                cutoff = sinceOrNull.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
        }
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (atOrBefore ? commitSeconds[i] <= cutoff : commitSeconds[i] < cutoff) {
                last = i;
            }
        }
        // After a gap the oldest commit read has no readable parent to be compared with.
        return Math.min(Math.max(last + 1, gap == null ? 0 : 1), n - 1);
    }

    /** A commit whose committer date is more than this many days before the anchor is a date outlier. */
    public static final int OUTLIER_DAYS = 5 * 365;

    /**
     * Where the weekly and monthly series start ({@link #seriesStart}).
     *
     * @param start         the day the first period must contain
     * @param outliers      how many first-parent commits were left out of that choice as date outliers
     * @param oldestOutlier the oldest of them (null when none)
     * @param oldestDate    its committer date (UTC; null when none)
     */
    public record SeriesStart(LocalDate start, int outliers, String oldestOutlier, LocalDate oldestDate) {
    }

    /**
     * The day the weekly and monthly series start at. With {@code since}: the later of {@code since} and the oldest
     * committer date (every commit counts, so {@code --since} can always reach back). Without it, date outliers
     * are left out: the <em>anchor</em> is the oldest first-parent commit whose first-parent child is dated at most
     * {@link #OUTLIER_DAYS} days after it (the tip when there is none), and a commit dated more than
     * {@link #OUTLIER_DAYS} days before the anchor (a root commit dated 1970 in a 2026 repository, a clock reset in
     * the middle of the line) is an outlier; the series starts at the oldest committer date of the others. Outliers
     * stay in the history: the first period's snapshot is still the newest commit before its end.
     */
    public SeriesStart seriesStart(LocalDate since) {
        walk();
        int n = chain.size();
        long min = java.util.Arrays.stream(commitSeconds).min().orElse(0);
        if (since != null) {
            return new SeriesStart(max(utcDate(min), since), 0, null, null);
        }
        long window = OUTLIER_DAYS * 86_400L;
        int anchor = n - 1;
        for (int i = 0; i + 1 < n; i++) {
            if (commitSeconds[i + 1] - commitSeconds[i] <= window) {
                anchor = i;
                break;
            }
        }
        long floor = commitSeconds[anchor] - window;
        long first = Long.MAX_VALUE;
        int outliers = 0;
        int oldest = -1;
        for (int i = 0; i < n; i++) {
            if (commitSeconds[i] < floor) {
                outliers++;
                if (oldest < 0 || commitSeconds[i] < commitSeconds[oldest]) {
                    oldest = i;
                }
            } else {
                first = Math.min(first, commitSeconds[i]);
            }
        }
        return new SeriesStart(utcDate(first), outliers, oldest < 0 ? null : chain.get(oldest).name(),
                oldest < 0 ? null : utcDate(commitSeconds[oldest]));
    }

    static LocalDate utcDate(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static LocalDate periodStart(boolean weekly, LocalDate d) {
        return weekly ? d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : d.withDayOfMonth(1);
    }

    private static LocalDate next(boolean weekly, LocalDate periodStart) {
        return weekly ? periodStart.plusWeeks(1) : periodStart.plusMonths(1);
    }

    /** ISO week label of a date: {@code 2025-W01} for 2024-12-30 (the week-based year, not the calendar year). */
    public static String weekLabel(LocalDate d) {
        // Locale.ROOT: the default locale may use other digits (ar, fa, mr, ...), and labels are data, not display
        return String.format(Locale.ROOT, "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR),
                d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
