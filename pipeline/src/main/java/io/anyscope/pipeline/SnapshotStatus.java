package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.FileEntry;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

import java.util.List;
import java.util.Map;

/**
 * The {@code status} column of the snapshots table: how much of a snapshot commit's tree was read.
 *
 * <p>Where it is known: the snapshots rows are written by planning ({@link Planner}, in {@link ListSnapshots}), but a
 * commit's tree is listed later, in {@link ListFiles}, and only for commits not listed before. So planning writes
 * {@link #PENDING} for a commit it sends to be listed, and the status an earlier run found for the others (a commit
 * with files rows was read, {@link #OK}, unless the previous generation says {@link #PARTIAL}; a {@link #FAILED}
 * commit has no files rows, so it is listed again and gets a fresh status). {@link ListFiles} emits the status of
 * each commit it could not read whole ({@link #LISTINGS}); {@link Resolve} puts it into the pending rows (a side
 * input: one entry per damaged commit, none for healthy ones), the others become {@link #OK}.
 */
final class SnapshotStatus {
    /** The whole tree was listed. */
    static final String OK = "ok";
    /** Some subtree or blob could not be listed: the files rows hold the readable part. */
    static final String PARTIAL = "partial";
    /** The commit or its root tree could not be read: no files rows. */
    static final String FAILED = "failed";
    /** Planning's placeholder for a commit listed in this run; never written to DATA. */
    static final String PENDING = "pending";

    private SnapshotStatus() {
    }

    /** The status of a listing: partial when an entry that loses data (not a symlink or submodule note) failed. */
    static String of(List<FileEntry> entries) {
        for (FileEntry f : entries) {
            if (!f.isOk() && f.skip().losesData()) {
                return PARTIAL;
            }
        }
        return OK;
    }

    /** The key of a commit's status: repository id and commit id. */
    static String key(String repoId, String commitId) {
        return repoId + "\u0000" + commitId;
    }

    /** Fills the pending statuses of the snapshots rows from the listings of the run's damaged commits. */
    static final class Resolve extends PTransform<PCollection<GenericRecord>, PCollection<GenericRecord>> {
        private final PCollection<KV<String, String>> damaged;

        Resolve(PCollection<KV<String, String>> damaged) {
            this.damaged = damaged;
        }

        @Override
        public PCollection<GenericRecord> expand(PCollection<GenericRecord> snapshots) {
            PCollectionView<Map<String, String>> view = damaged.apply("DamagedCommits", View.asMap());
            return snapshots.apply(ParDo.of(new ResolveFn(view)).withSideInputs(view))
                    .setCoder(Rows.coder(Tables.SNAPSHOTS));
        }
    }

    private static final class ResolveFn extends DoFn<GenericRecord, GenericRecord> {
        private final PCollectionView<Map<String, String>> damaged;

        ResolveFn(PCollectionView<Map<String, String>> damaged) {
            this.damaged = damaged;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            GenericRecord row = c.element();
            if (!PENDING.equals(String.valueOf(row.get("status")))) {
                c.output(row);
                return;
            }
            GenericRecord r = new GenericData.Record((GenericData.Record) row, true);
            String status = c.sideInput(damaged).get(key(String.valueOf(row.get("repo_id")),
                    String.valueOf(row.get("commit_id"))));
            r.put("status", status == null ? OK : status);
            c.output(r);
        }
    }
}
