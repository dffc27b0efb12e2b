package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.BrowseUrls;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.GitInputException;
import io.anyscope.git.History;
import io.anyscope.git.OpenedRepo;
import io.anyscope.git.RepoOpener;
import io.anyscope.git.RepoSpec;
import io.anyscope.git.Snapshot;
import io.anyscope.git.Stage;
import org.apache.avro.generic.GenericRecord;
import org.eclipse.jgit.lib.ObjectId;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a repository's part of a run: opens (clones or fetches) it, lists its snapshots and decides what must be
 * read: the snapshot commits not listed before and the first-parent commits whose changes are not held. Runs in
 * {@link ListSnapshots} on a worker, or in the driver for a run with nothing new to read ({@link #planUnchanged}).
 */
final class Planner {
    /** Smallest run of commits a change task holds (smaller ones cost the DirectRunner more than they spread). */
    static final int MIN_CHANGE_CHUNK = 64;

    private Planner() {
    }

    /** Where {@link #plan} sends a repository's rows, its tasks, its changes coverage and its counts. */
    interface PlanSink extends ScanMetrics.Tally {
        void repo(GenericRecord r);

        void snapshot(GenericRecord r);

        void commit(CommitTask t);

        /** A run of commits whose changes must be listed. */
        void changes(ChangeTask t);

        /** The repository's changes coverage once this run's change tasks are done; reset: drop its old rows. */
        void coverage(String repoId, DataSet.Coverage c, boolean reset);

        void error(GenericRecord r);
    }

    /** Rows by table and counters of a run decided in the driver. */
    public record Planned(Map<String, List<GenericRecord>> rows, Map<String, Long> counters) {
    }

    /**
     * Plans a run in the driver, repository by repository, and returns its rows when no repository has a commit to
     * list (nothing new: only the repos and snapshots rows, and errors, are written, exactly as the pipeline would
     * write them); returns {@code null} as soon as one has, and the pipeline must run. For local repositories only
     * (nothing is cloned or fetched here).
     */
    static Planned planUnchanged(ScanOptions o, List<RepoSpec> repos, DataSet.Known known) {
        Map<String, List<GenericRecord>> rows = new HashMap<>();
        Map<String, Long> counters = ScanMetrics.zeros();
        boolean[] listing = {false};
        // Problems are shown only when these rows are the run's: when the pipeline must run instead, it plans every
        // repository again and shows them itself (once).
        List<String> lines = new ArrayList<>();
        for (RepoSpec spec : repos) {
            if (spec.isUrl()) {
                return null;
            }
            plan(spec, o, known.snapshots().getOrDefault(spec.repoId(), Map.of()),
                    known.commits().getOrDefault(spec.repoId(), Set.of()),
                    known.partial().getOrDefault(spec.repoId(), Set.of()), known.changes().get(spec.repoId()),
                    new PlanSink() {
                        @Override
                        public void repo(GenericRecord r) {
                            rows.computeIfAbsent(Tables.REPOS, k -> new ArrayList<>()).add(r);
                        }

                        @Override
                        public void snapshot(GenericRecord r) {
                            rows.computeIfAbsent(Tables.SNAPSHOTS, k -> new ArrayList<>()).add(r);
                        }

                        @Override
                        public void commit(CommitTask t) {
                            listing[0] = true;
                        }

                        @Override
                        public void changes(ChangeTask t) {
                            listing[0] = true;
                        }

                        @Override
                        public void coverage(String repoId, DataSet.Coverage c, boolean reset) {
                            listing[0] = true;
                        }

                        @Override
                        public void error(GenericRecord r) {
                            rows.computeIfAbsent(Tables.ERRORS, k -> new ArrayList<>()).add(r);
                        }

                        @Override
                        public void inc(String counter) {
                            counters.merge(counter, 1L, Long::sum);
                        }

                        @Override
                        public void show(String line) {
                            lines.add(line);
                        }
                    });
            if (listing[0]) {
                return null;
            }
        }
        lines.forEach(System.err::println);
        return new Planned(rows, counters);
    }

    /**
     * Opens (clones or fetches) one repository, lists its snapshots and emits its repos row, its snapshots rows, the
     * snapshot commits not listed before ({@code listed}) or listed only in part ({@code partial}: listed again) and the
     * first-parent commits whose changes are not held ({@code covered}: the range earlier runs listed, or null);
     * failures become errors rows. A missing or corrupt commit in the middle of the first-parent line is an errors
     * row and the history after it is planned as usual; date outliers are noted ({@link History#seriesStart}).
     */
    static void plan(RepoSpec spec, ScanOptions o, Map<String, String> before, Set<String> listed,
                     Set<String> partial, DataSet.Coverage covered, PlanSink out) {
        String runId = o.getRunId();
        String repoId = spec.repoId();
        Problem.Subject subject = Problem.Subject.repository(spec);
        Instant now = Instant.now();
        out.inc("repos");
        RepoOpener opener = new RepoOpener(Path.of(o.getCache()), o.getGitTimeoutSeconds(),
                o.getSshDir() == null || o.getSshDir().isBlank() ? null : Path.of(o.getSshDir()));
        try (OpenedRepo opened = opener.open(spec)) {
            History h = History.of(opened.repository(), o.getBranch(), spec.name());
            List<Snapshot> snaps = h.snapshots(o.getHistory(), date(o.getSince()), date(o.getUntil()));
            if (h.gap() != null) {
                GitInputException gap = h.gap();
                out.error(Problem.of(subject.commit(h.gapCommit()), gap.stage(), gap.kind(), gap.getMessage())
                        .report(runId, out));
            }
            noteOutliers(spec, h, o, subject, out);
            // Commits not listed before, and those listed only in part (retried: a restored object is read now).
            Set<String> toList = new LinkedHashSet<>();
            for (Snapshot s : snaps) {
                boolean list = !listed.contains(s.commitId()) || partial.contains(s.commitId());
                out.snapshot(Rows.snapshot(repoId, s, list ? SnapshotStatus.PENDING : SnapshotStatus.OK));
                out.inc("snapshots");
                if (!s.commitId().equals(before.get(s.label()))) {
                    out.inc("new_snapshots");
                }
                if (list) {
                    toList.add(s.commitId());
                }
            }
            int order = 0;
            for (String c : toList) {
                out.commit(new CommitTask(spec, repoId, c, order++, toList.size(), listed.contains(c)));
            }
            try {
                planChanges(spec, h, o, covered, out);
            } catch (GitInputException e) {
                // The snapshots are listed; only the changes are lost (e.g. an ancestor missing from a damaged
                // clone, which a head scan does not otherwise walk): one error, and no coverage recorded.
                out.error(Problem.of(subject, Stage.CHANGES, e.kind(), "changes not listed: " + e.getMessage())
                        .shown(e.getMessage() + " (the changes table is not listed)").report(runId, out));
            }
            String remote = remote(spec, opened);
            out.repo(Rows.repo(repoId, spec.name(), spec.team(), spec.redactedLocation(),
                    h.branch(), h.tip().name(), "ok", null, now, spec.pathRules(), remote,
                    browse(spec, remote, opened)));
        } catch (GitInputException e) {
            out.error(Problem.of(subject, e.stage(), e.kind(), e.getMessage()).report(runId, out));
            out.repo(Rows.repo(repoId, spec.name(), spec.team(), spec.redactedLocation(), null,
                    null, "failed", e.getMessage(), now, spec.pathRules()));
        } catch (RuntimeException e) {
            String msg = spec.redactedLocation() + ": " + e;
            out.error(Problem.of(subject, Stage.HISTORY, ErrorKind.OTHER, msg).shown(e.toString())
                    .report(runId, out));
            out.repo(Rows.repo(repoId, spec.name(), spec.team(), spec.redactedLocation(), null,
                    null, "failed", msg, now, spec.pathRules()));
        }
    }

    /** The remote browse URLs derive from: a URL location itself, else the local repository's remote.origin.url. */
    static String remote(RepoSpec spec, OpenedRepo opened) {
        if (spec.isUrl()) {
            return spec.location();
        }
        String url = opened.repository().getConfig().getString("remote", "origin", "url");
        return url == null || url.isBlank() ? null : url.strip();
    }

    /**
     * The repository's browse URL templates: its own ({@code browse=}), else from its remote
     * ({@code src/catalog/browse_urls.yaml}), else, for a local repository with a working tree and no remote that
     * names a known host, that working tree as {@code file:} paths.
     */
    static BrowseUrls.Templates browse(RepoSpec spec, String remote, OpenedRepo opened) {
        BrowseUrls.Templates derived = BrowseUrls.loadDefault().forRemote(remote);
        if (spec.browse() != null || spec.browseCommit() != null) {
            return new BrowseUrls.Templates(spec.browse() != null ? spec.browse() : derived == null ? null : derived.file(),
                    spec.browseCommit() != null ? spec.browseCommit() : derived == null ? null : derived.commit(),
                    "repository list");
        }
        if (derived != null) {
            return derived;
        }
        if (!spec.isUrl() && !opened.repository().isBare()) {
            return BrowseUrls.forLocal(opened.repository().getWorkTree().toPath());
        }
        return null;
    }

    /** Notes, once per run, the commits a weekly or monthly series does not start at (date outliers). */
    private static void noteOutliers(RepoSpec spec, History h, ScanOptions o, Problem.Subject subject,
                                     PlanSink out) {
        if (o.getHistory() != History.Mode.WEEKLY && o.getHistory() != History.Mode.MONTHLY) {
            return;
        }
        History.SeriesStart start = h.seriesStart(date(o.getSince()));
        if (start.outliers() == 0) {
            return;
        }
        String series = o.getHistory() == History.Mode.WEEKLY ? "weekly" : "monthly";
        String msg = "the " + series + " history starts at " + start.start() + ": " + start.outliers()
                + (start.outliers() == 1 ? " commit is" : " commits are") + " dated more than "
                + History.OUTLIER_DAYS / 365 + " years before the rest (oldest: " + start.oldestOutlier()
                + " on " + start.oldestDate() + ") and " + (start.outliers() == 1 ? "does" : "do")
                + " not stretch the series back; --since "
                + start.oldestDate() + " starts it there";
        out.error(Problem.of(subject.commit(start.oldestOutlier()), Stage.HISTORY, ErrorKind.DATE_OUTLIER, msg)
                .report(o.getRunId(), out));
    }

    /**
     * The change tasks of one repository: the commits from the start of this run's window
     * ({@link History#changesStart}) to the tip that the held coverage does not hold, in runs of at least
     * {@link #MIN_CHANGE_CHUNK} commits spread over the buckets. Coverage whose ends are no longer on the
     * first-parent line is reset: the whole window is listed and the old rows dropped.
     */
    static void planChanges(RepoSpec spec, History h, ScanOptions o, DataSet.Coverage covered, PlanSink out) {
        List<ObjectId> chain = h.firstParentCommits();
        int tip = chain.size() - 1;
        if (h.gap() != null && tip == 0) {
            return; // the only commit read has no readable parent to be compared with (the gap is an errors row)
        }
        int start = h.changesStart(o.getHistory(), date(o.getSince()), o.getChurnWeeks());
        int a = covered == null ? -1 : h.indexOf(covered.from());
        int b = covered == null ? -1 : h.indexOf(covered.to());
        boolean reset = a < 0 || b < a;
        List<int[]> ranges = new ArrayList<>(); // inclusive [first, last] indexes
        int from;
        if (reset) {
            ranges.add(new int[] {start, tip});
            from = start;
        } else {
            if (start < a) {
                ranges.add(new int[] {start, a - 1});
            }
            if (b < tip) {
                ranges.add(new int[] {b + 1, tip});
            }
            from = Math.min(start, a);
        }
        if (ranges.isEmpty()) {
            return;
        }
        // The coverage first, then the tasks: coverage is never missing for a change task that went out (its rows
        // would be listed again next run), and a task that fails reports it lost (ListChanges), which drops it.
        out.coverage(spec.repoId(), new DataSet.Coverage(chain.get(from).name(), chain.get(tip).name()), reset);
        int buckets = ScanOptions.buckets(o);
        int total = ranges.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        int size = Math.max(MIN_CHANGE_CHUNK, (total + buckets - 1) / buckets);
        int chunk = 0;
        for (int[] r : ranges) {
            for (int last = r[1]; last >= r[0]; last -= size) {
                int count = Math.min(size, last - r[0] + 1);
                out.changes(new ChangeTask(spec, spec.repoId(), chain.get(last).name(), last, count, chunk++));
            }
        }
    }

    static LocalDate date(String s) {
        return s == null || s.isBlank() ? null : LocalDate.parse(s);
    }
}
