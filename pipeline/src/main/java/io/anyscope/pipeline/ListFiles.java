package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.FileEntry;
import io.anyscope.git.GitInputException;
import io.anyscope.git.Stage;
import io.anyscope.git.TreeLister;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 2: lists the tracked files of each commit ({@link TreeLister}), the commits spread over the buckets
 * ({@link CommitTask#bucket}). Outputs the files rows, one blob task per distinct (blob, parser) of a bucket keyed by
 * {@link BlobTask#key} ({@link #BLOB_TASKS}), the status of each commit not read whole ({@link #LISTINGS}, see
 * {@link SnapshotStatus}), and errors (unreadable entries; symlinks and submodules are noted).
 */
final class ListFiles extends PTransform<PCollection<CommitTask>, PCollectionTuple> {
    static final TupleTag<GenericRecord> FILES = new TupleTag<>() { };
    static final TupleTag<KV<String, BlobTask>> BLOB_TASKS = new TupleTag<>() { };
    /** The status of each commit not read whole ({@link SnapshotStatus#key} to partial or failed). */
    static final TupleTag<KV<String, String>> LISTINGS = new TupleTag<>() { };
    /** Notes (symlinks, submodules) keyed by (repository, path, object), before they are made distinct. */
    private static final TupleTag<KV<String, GenericRecord>> NOTES = new TupleTag<>() { };

    private final int buckets;
    private final boolean writeFiles;

    /**
     * {@code writeFiles}: the files rows are written to the staging directory's {@code files} table as they are
     * listed ({@link BundleFile}, one file per bundle: the DirectRunner, which does not retry bundles) and the
     * {@link #FILES} output stays empty, so a history's millions of rows are never held in memory between stages;
     * otherwise they are output for {@link WriteTables}.
     */
    ListFiles(int buckets, boolean writeFiles) {
        this.buckets = buckets;
        this.writeFiles = writeFiles;
    }

    @Override
    public PCollectionTuple expand(PCollection<CommitTask> input) {
        int n = buckets;
        PCollectionTuple out = input
                .apply("BucketCommits", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                        TypeDescriptor.of(CommitTask.class))).via((CommitTask t) -> KV.of(t.bucket(n), t)))
                .setCoder(KvCoder.of(VarIntCoder.of(), CommitTask.coder()))
                .apply("SpreadCommits", GroupByKey.create())
                .apply(ParDo.of(new ListFilesFn(writeFiles)).withOutputTags(FILES,
                        TupleTagList.of(BLOB_TASKS).and(LISTINGS).and(NOTES).and(Problem.ERRORS)));
        out.get(FILES).setCoder(Rows.coder(Tables.FILES));
        out.get(Problem.ERRORS).setCoder(Rows.coder(Tables.ERRORS));
        out.get(BLOB_TASKS).setCoder(KvCoder.of(StringUtf8Coder.of(), BlobTask.coder()));
        out.get(LISTINGS).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
        out.get(NOTES).setCoder(KvCoder.of(StringUtf8Coder.of(), Rows.coder(Tables.ERRORS)));
        // A symlink or submodule is in most snapshots of a history, listed in several buckets: noted once a run,
        // with the number of snapshot commits that hold it.
        PCollection<GenericRecord> notes = out.get(NOTES)
                .apply("DistinctNotes", Combine.perKey(ListFiles::firstNote))
                .apply("ShowNotes", ParDo.of(new ShowNoteFn()))
                .setCoder(Rows.coder(Tables.ERRORS));
        PCollection<GenericRecord> errors = PCollectionList.of(out.get(Problem.ERRORS)).and(notes)
                .apply("ListErrors", Flatten.pCollections()).setCoder(Rows.coder(Tables.ERRORS));
        return PCollectionTuple.of(FILES, out.get(FILES)).and(BLOB_TASKS, out.get(BLOB_TASKS))
                .and(LISTINGS, out.get(LISTINGS)).and(Problem.ERRORS, errors);
    }

    /**
     * The note of the smallest snapshot commit id among those that hold the entry (any one would do; stable), with
     * the sum of their counts ({@code snapshots}): the snapshot commits listed that hold it. Associative, as a
     * combiner must be: partial results are notes with counts.
     */
    private static GenericRecord firstNote(Iterable<GenericRecord> rows) {
        GenericRecord first = null;
        int snapshots = 0;
        for (GenericRecord r : rows) {
            snapshots += (Integer) r.get("snapshots");
            if (first == null || String.valueOf(r.get("snapshot")).compareTo(String.valueOf(first.get("snapshot")))
                    < 0) {
                first = r;
            }
        }
        GenericRecord out = new org.apache.avro.generic.GenericData.Record((org.apache.avro.generic.GenericData.Record) first,
                true);
        out.put("snapshots", snapshots);
        return out;
    }

    /** Counts and shows a distinct note (its errors row was built, not yet reported, by the listing). */
    private static final class ShowNoteFn extends DoFn<KV<String, GenericRecord>, GenericRecord> {
        @ProcessElement
        public void process(@Element KV<String, GenericRecord> note, OutputReceiver<GenericRecord> out,
                            org.apache.beam.sdk.options.PipelineOptions po) {
            GenericRecord r = note.getValue();
            ScanMetrics.Tally tally = ScanMetrics.metrics(po.as(ScanOptions.class).getRunId());
            tally.inc("errors");
            tally.show(Problem.line(String.valueOf(r.get("repo")),
                    r.get("path") == null ? null : String.valueOf(r.get("path")), String.valueOf(r.get("message"))));
            out.output(r);
        }
    }

    static final class ListFilesFn extends RepoFn<KV<Integer, Iterable<CommitTask>>, GenericRecord> {
        private final boolean writeFiles;
        private transient BundleFile files;

        ListFilesFn(boolean writeFiles) {
            this.writeFiles = writeFiles;
        }

        @Override
        protected void prepare(ScanOptions o) {
            if (writeFiles) {
                files = new BundleFile(o.getStagingDir() + "/" + Tables.FILES, Tables.schema(Tables.FILES),
                        o.getRunId());
            }
        }

        @Override
        protected void bundleDone() throws IOException {
            if (files != null) {
                files.finish();
            }
        }

        @Override
        protected void tornDown() throws IOException {
            if (files != null) { // a failed bundle: drop its partial file
                files.abort();
            }
        }

        private static final Counter CPU = StageCpu.counter("list_files");

        private static final Counter FILES_C = ScanMetrics.counter("files");

        @ProcessElement
        public void process(@Element KV<Integer, Iterable<CommitTask>> bucket, MultiOutputReceiver out) {
            long cpu = StageCpu.now();
            // Per bucket: unchanged subtrees are listed once, and each (blob, parser) leaves the bucket once, with
            // the bucket's smallest (repository, path): the smallest over all buckets is then the same as before.
            Map<String, TreeLister.SubtreeCache> caches = new HashMap<>();
            Map<String, BlobTask> blobs = new HashMap<>();
            String open = null;
            try {
                for (CommitTask t : bucket.getValue()) {
                    if (!t.repo().location().equals(open)) {
                        // one reader at a time, kept while the bucket stays in one repository (its delta base
                        // cache, up to 32 MB, spans that repository's commits)
                        repos.closeReaders();
                        open = t.repo().location();
                    }
                    list(t, out, caches.computeIfAbsent(t.repo().location(), k -> new TreeLister.SubtreeCache()),
                            blobs);
                    Progress.add(runId(), "commits_listed", 1);
                }
            } finally {
                repos.closeReaders();
            }
            blobs.forEach((k, bt) -> out.get(BLOB_TASKS).output(KV.of(k, bt)));
            StageCpu.add(CPU, cpu);
        }

        private void write(GenericRecord row, CommitTask t) {
            try {
                files.write(row);
            } catch (IOException e) {
                // the staging directory cannot be written: the run fails as a whole and DATA is left unchanged
                throw new UncheckedIOException("writing the files rows of " + t.repo().location() + " commit "
                        + t.commitId() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Lists one commit. Entries that lose no data (symlinks, submodules) go to {@link #NOTES}, to be noted once
         * per (repository, path, object) in the run with the number of commits that hold them, except in a commit
         * listed again (the run that first listed it counted them); unreadable ones are recorded per commit.
         */
        private void list(CommitTask t, MultiOutputReceiver out, TreeLister.SubtreeCache cache,
                          Map<String, BlobTask> blobs) {
            Problem.Subject commit = Problem.Subject.in(t.repo(), t.repoId()).commit(t.commitId());
            String key = SnapshotStatus.key(t.repoId(), t.commitId());
            try {
                List<FileEntry> entries = TreeLister.list(repos.reader(t.repo()), ObjectId.fromString(t.commitId()),
                        cache);
                String status = SnapshotStatus.of(entries);
                if (!status.equals(SnapshotStatus.OK)) {
                    out.get(LISTINGS).output(KV.of(key, status));
                }
                for (FileEntry f : entries) {
                    if (!f.isOk() && !f.skip().losesData()) {
                        if (t.again()) {
                            continue;
                        }
                        Problem note = Problem.of(commit.file(f.path(), f.blobId()), Stage.LIST, f.skip(),
                                f.message());
                        GenericRecord row = Rows.error(runId(), note);
                        row.put("snapshots", 1);
                        out.get(NOTES).output(KV.of(t.repoId() + "\u0000" + f.path() + "\u0000" + f.blobId(), row));
                        continue;
                    }
                    if (f.isOk()) {
                        ScanMetrics.inc(FILES_C, runId(), "files", 1);
                        GenericRecord row = Rows.file(t.repoId(), t.commitId(), f);
                        if (files != null) {
                            write(row, t);
                        } else {
                            out.get(FILES).output(row);
                        }
                        BlobTask bt = new BlobTask(t.repo(), t.repoId(), f.blobId(), f.path(), f.parser(), f.size());
                        blobs.merge(bt.key(), bt, BlobTask::first);
                    } else {
                        out.get(Problem.ERRORS).output(report(Problem.of(commit.file(f.path(), f.blobId()),
                                Stage.LIST, f.skip(), f.message())));
                    }
                }
            } catch (GitInputException e) {
                out.get(LISTINGS).output(KV.of(key, SnapshotStatus.FAILED));
                out.get(Problem.ERRORS).output(report(Problem.of(commit, e.stage(), e.kind(), e.getMessage())));
            } catch (RuntimeException e) {
                out.get(LISTINGS).output(KV.of(key, SnapshotStatus.FAILED));
                repos.evict(t.repo());
                out.get(Problem.ERRORS).output(report(Problem.of(commit, Stage.LIST, ErrorKind.OTHER,
                        "commit " + t.commitId() + ": " + e)));
            }
        }
    }
}
