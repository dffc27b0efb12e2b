package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.ChangeLister;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.GitInputException;
import io.anyscope.git.Stage;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.util.List;

/**
 * Stage 2b: lists the tracked paths each first-parent commit of the change tasks changed relative to its first parent
 * ({@link ChangeLister}, renames and copies detected), the tasks spread over the buckets like the commits of {@link ListFiles}. Outputs the changes
 * rows, errors, and a {@link ChangeCoverage#failed} report for each task that could not list all its commits.
 */
final class ListChanges extends PTransform<PCollection<ChangeTask>, PCollectionTuple> {
    static final TupleTag<GenericRecord> CHANGES = new TupleTag<>() { };

    private final int buckets;

    ListChanges(int buckets) {
        this.buckets = buckets;
    }

    @Override
    public PCollectionTuple expand(PCollection<ChangeTask> input) {
        int n = buckets;
        PCollectionTuple out = input
                .apply("BucketChangeRuns", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                        TypeDescriptor.of(ChangeTask.class))).via((ChangeTask t) -> KV.of(t.bucket(n), t)))
                .setCoder(KvCoder.of(VarIntCoder.of(), ChangeTask.coder()))
                .apply("SpreadChangeRuns", GroupByKey.create())
                .apply(ParDo.of(new ListChangesFn()).withOutputTags(CHANGES,
                        TupleTagList.of(Problem.ERRORS).and(ChangeCoverage.REPORTS)));
        out.get(CHANGES).setCoder(Rows.coder(Tables.CHANGES));
        out.get(Problem.ERRORS).setCoder(Rows.coder(Tables.ERRORS));
        out.get(ChangeCoverage.REPORTS).setCoder(ChangeCoverage.coder());
        return out;
    }

    static final class ListChangesFn extends RepoFn<KV<Integer, Iterable<ChangeTask>>, GenericRecord> {
        private static final Counter CPU = StageCpu.counter("list_changes");

        private static final Counter COMMITS_C = ScanMetrics.counter("change_commits");
        private static final Counter CHANGES_C = ScanMetrics.counter("changes");

        @ProcessElement
        public void process(@Element KV<Integer, Iterable<ChangeTask>> bucket, MultiOutputReceiver out) {
            long cpu = StageCpu.now();
            for (ChangeTask t : bucket.getValue()) {
                if (!list(t, out)) {
                    out.get(ChangeCoverage.REPORTS).output(ChangeCoverage.failed(t.repoId()));
                }
            }
            StageCpu.add(CPU, cpu);
        }

        /** Lists one run of commits, newest first; false when some commit could not be compared. */
        private boolean list(ChangeTask t, MultiOutputReceiver out) {
            Problem.Subject repo = Problem.Subject.in(t.repo(), t.repoId());
            boolean ok = true;
            String at = t.lastCommitId();
            try (ObjectReader reader = repos.get(t.repo()).newObjectReader(); RevWalk rw = new RevWalk(reader)) {
                Config config = repos.get(t.repo()).getConfig();
                RevCommit c = rw.parseCommit(ObjectId.fromString(at));
                for (int i = 0; i < t.count() && c != null; i++) {
                    at = c.name();
                    rw.parseBody(c);
                    RevCommit parent = c.getParentCount() == 0 ? null : c.getParent(0);
                    if (parent != null) {
                        rw.parseHeaders(parent);
                    }
                    try {
                        List<ChangeLister.Change> changes = ChangeLister.diff(reader, config,
                                parent == null ? null : parent.getTree(), c.getTree());
                        COMMITS_C.inc();
                        if (!changes.isEmpty()) {
                            CHANGES_C.inc(changes.size());
                            String commitId = c.name();
                            String parentId = parent == null ? null : parent.name();
                            int seq = t.lastSeq() - i;
                            // 64-bit dates (JGit's int getCommitTime() wraps after 2038)
                            PersonIdent committer = c.getCommitterIdent();
                            PersonIdent who = c.getAuthorIdent();
                            long authorTime = who == null ? 0L : who.getWhenAsInstant().toEpochMilli();
                            long commitTime = committer == null ? authorTime
                                    : committer.getWhenAsInstant().toEpochMilli();
                            String author = who == null ? null : who.getName();
                            for (ChangeLister.Change ch : changes) {
                                out.get(CHANGES).output(Rows.change(t.repoId(), commitId, parentId, seq, commitTime,
                                        authorTime, author, ch));
                            }
                        }
                    } catch (GitInputException e) {
                        ok = false;
                        out.get(Problem.ERRORS).output(report(Problem.of(repo.commit(c.name()), e.stage(), e.kind(),
                                "commit " + c.name() + ": " + e.getMessage())));
                    }
                    c = parent;
                }
            } catch (GitInputException e) {
                // the repository could not be opened for reading: its own kind and words (missing_repo, io, ...)
                repos.evict(t.repo());
                out.get(Problem.ERRORS).output(report(Problem.of(repo.commit(at), Stage.CHANGES, e.kind(),
                        e.getMessage())));
                return false;
            } catch (IOException | RuntimeException e) {
                repos.evict(t.repo());
                ErrorKind kind = e instanceof MissingObjectException ? ErrorKind.MISSING_OBJECT : ErrorKind.CORRUPT;
                out.get(Problem.ERRORS).output(report(Problem.of(repo.commit(at), Stage.CHANGES, kind,
                        "commit " + at + ": cannot walk its first-parent history for the changes table: " + e)));
                return false;
            }
            return ok;
        }
    }
}
