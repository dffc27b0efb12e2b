package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.RepoSpec;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Stage 1: opens (clones or fetches) each repository and lists its snapshots ({@link Planner#plan}). Outputs the
 * repos and snapshots rows, the commits not listed before ({@link #COMMITS}), the runs of commits whose changes must
 * be listed ({@link #CHANGE_TASKS}) with the coverage they will give ({@link ChangeCoverage#REPORTS}), and errors.
 */
final class ListSnapshots extends PTransform<PCollection<RepoSpec>, PCollectionTuple> {
    static final TupleTag<GenericRecord> REPOS = new TupleTag<>() { };
    static final TupleTag<GenericRecord> SNAPSHOTS = new TupleTag<>() { };
    static final TupleTag<CommitTask> COMMITS = new TupleTag<>() { };
    static final TupleTag<ChangeTask> CHANGE_TASKS = new TupleTag<>() { };

    private final DataSet.Known known;

    ListSnapshots(DataSet.Known known) {
        this.known = known;
    }

    @Override
    public PCollectionTuple expand(PCollection<RepoSpec> input) {
        Map<String, Map<String, String>> snaps = new HashMap<>();
        known.snapshots().forEach((k, v) -> snaps.put(k, new HashMap<>(v)));
        Map<String, Set<String>> commits = new HashMap<>();
        known.commits().forEach((k, v) -> commits.put(k, new LinkedHashSet<>(v)));
        Map<String, Set<String>> partial = new HashMap<>();
        known.partial().forEach((k, v) -> partial.put(k, new LinkedHashSet<>(v)));
        PCollectionTuple out = input.apply(ParDo.of(new ListSnapshotsFn(snaps, commits, partial,
                        new HashMap<>(known.changes())))
                .withOutputTags(REPOS, TupleTagList.of(SNAPSHOTS).and(COMMITS).and(CHANGE_TASKS)
                        .and(ChangeCoverage.REPORTS).and(Problem.ERRORS)));
        out.get(REPOS).setCoder(Rows.coder(Tables.REPOS));
        out.get(SNAPSHOTS).setCoder(Rows.coder(Tables.SNAPSHOTS));
        out.get(Problem.ERRORS).setCoder(Rows.coder(Tables.ERRORS));
        out.get(COMMITS).setCoder(CommitTask.coder());
        out.get(CHANGE_TASKS).setCoder(ChangeTask.coder());
        out.get(ChangeCoverage.REPORTS).setCoder(ChangeCoverage.coder());
        return out;
    }

    /** Plans each repository on a worker, sending what {@link Planner#plan} emits to the stage's outputs. */
    static final class ListSnapshotsFn extends DoFn<RepoSpec, GenericRecord> {
        private static final Counter CPU = StageCpu.counter("list_snapshots");

        private final HashMap<String, Map<String, String>> knownSnapshots;
        private final HashMap<String, Set<String>> knownCommits;
        private final HashMap<String, Set<String>> knownPartial;
        private final HashMap<String, DataSet.Coverage> knownChanges;

        ListSnapshotsFn(Map<String, Map<String, String>> knownSnapshots, Map<String, Set<String>> knownCommits,
                        Map<String, Set<String>> knownPartial, Map<String, DataSet.Coverage> knownChanges) {
            this.knownSnapshots = new HashMap<>(knownSnapshots);
            this.knownCommits = new HashMap<>(knownCommits);
            this.knownPartial = new HashMap<>(knownPartial);
            this.knownChanges = new HashMap<>(knownChanges);
        }

        @ProcessElement
        public void process(@Element RepoSpec spec, MultiOutputReceiver out, PipelineOptions po) {
            long cpu = StageCpu.now();
            String runId = po.as(ScanOptions.class).getRunId();
            Planner.plan(spec, po.as(ScanOptions.class), knownSnapshots.getOrDefault(spec.repoId(), Map.of()),
                    knownCommits.getOrDefault(spec.repoId(), Set.of()),
                    knownPartial.getOrDefault(spec.repoId(), Set.of()), knownChanges.get(spec.repoId()),
                    new Planner.PlanSink() {
                        @Override
                        public void repo(GenericRecord r) {
                            out.get(REPOS).output(r);
                        }

                        @Override
                        public void snapshot(GenericRecord r) {
                            out.get(SNAPSHOTS).output(r);
                        }

                        @Override
                        public void commit(CommitTask t) {
                            Progress.add(runId, "commits_to_list", 1);
                            out.get(COMMITS).output(t);
                        }

                        @Override
                        public void changes(ChangeTask t) {
                            out.get(CHANGE_TASKS).output(t);
                        }

                        @Override
                        public void coverage(String repoId, DataSet.Coverage c, boolean reset) {
                            out.get(ChangeCoverage.REPORTS).output(ChangeCoverage.recorded(repoId, c, reset));
                        }

                        @Override
                        public void error(GenericRecord r) {
                            out.get(Problem.ERRORS).output(r);
                        }

                        @Override
                        public void inc(String counter) {
                            ScanMetrics.metrics(runId).inc(counter);
                        }
                    });
            Progress.add(runId, "repos_listed", 1);
            StageCpu.add(CPU, cpu);
        }
    }
}
