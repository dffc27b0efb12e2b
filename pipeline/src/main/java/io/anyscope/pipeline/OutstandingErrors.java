package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.Stage;
import org.apache.avro.generic.GenericRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code errors} table of a new generation: the failures still outstanding in it and the notes, not a log of runs.
 *
 * <ul>
 *   <li>A repository this run read (its repos row is {@code ok}): its failures are this run's, since a run reads
 *       again every input that failed before (commits listed in part, the history and changes it walks anyway, and
 *       blobs whose failure a re-read can change: {@link DataSet.Known#retry}); a failure an earlier run recorded and
 *       this run did not is fixed and is dropped, except a blob's failure when this run did not read that blob
 *       ({@link #notReadAgain}: a binary blob, an extractor's refusal, a blob still over the size cap): it still
 *       stands, and is kept as it is (the run reports it again).
 *       Its notes (kinds that lose no data) are kept once per (repository, stage, kind, path, blob): this run's row
 *       when it recorded one, with the listing count ({@code snapshots}) of the earlier row added to it.</li>
 *   <li>Any other repository (not in this run, or it failed to open): its earlier rows are kept as they are (its
 *       failures were not retried and still stand), beside this run's rows, except a row this run recorded again
 *       (the same repository, stage, kind, path and blob: a repository that still fails to open): this run's row
 *       replaces it.</li>
 * </ul>
 */
final class OutstandingErrors {
    private OutstandingErrors() {
    }

    /**
     * The errors rows of the new generation ({@code rows}); {@code keepsOld}: every old row is among them unchanged,
     * so that the old parts can be carried as they are and only {@code added} written.
     */
    record Merged(List<GenericRecord> rows, List<GenericRecord> added, boolean keepsOld) {
    }

    /** @param readBlobs the blobs this run read among those of the old rows' blob failures */
    static Merged merge(List<GenericRecord> fresh, List<GenericRecord> old, Set<String> readRepos,
                        Set<String> readBlobs) {
        org.apache.avro.Schema schema = Tables.schema(Tables.ERRORS);
        Map<List<Object>, GenericRecord> notes = new LinkedHashMap<>();
        List<GenericRecord> out = new ArrayList<>();
        for (GenericRecord r : DataSet.conform(schema, fresh)) {
            if (isNote(r)) {
                notes.putIfAbsent(key(r), r); // a run records a note once
            } else {
                out.add(r);
            }
        }
        Set<List<Object>> recorded = new java.util.HashSet<>(notes.keySet());
        out.forEach(r -> recorded.add(key(r)));
        Set<GenericRecord> oldKept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        boolean keepsOld = true;
        for (GenericRecord r : DataSet.conform(schema, old)) {
            String repo = r.get("repo_id") == null ? null : String.valueOf(r.get("repo_id"));
            if (repo == null || !readRepos.contains(repo)) {
                if (recorded.contains(key(r))) {
                    keepsOld = false; // recorded again by this run: its row replaces this one
                } else {
                    out.add(r);
                    oldKept.add(r);
                }
            } else if (isNote(r)) {
                GenericRecord same = notes.putIfAbsent(key(r), r);
                if (same == null) {
                    oldKept.add(r);
                } else {
                    add(same, r);
                    keepsOld = false;
                }
            } else if (notReadAgain(r, readRepos, readBlobs)) {
                out.add(r);
                oldKept.add(r);
            } else {
                keepsOld = false; // a failure of a repository this run read, which this run did not find again: fixed
            }
        }
        out.addAll(notes.values());
        List<GenericRecord> added = new ArrayList<>();
        for (GenericRecord r : out) {
            if (!oldKept.contains(r)) {
                added.add(r);
            }
        }
        return new Merged(out, added, keepsOld && oldKept.size() == old.size());
    }

    /** A failure to read or extract a blob (a row of stage read or extract naming a blob, of a kind that loses data). */
    static boolean blobFailure(GenericRecord r) {
        String stage = String.valueOf(r.get("stage"));
        return !isNote(r) && r.get("blob_id") != null
                && (stage.equals(Stage.READ.value()) || stage.equals(Stage.EXTRACT.value()));
    }

    /**
     * Whether an old row is a blob's failure in a repository this run read, whose blob this run did not read again
     * ({@code readBlobs}): it still stands.
     */
    static boolean notReadAgain(GenericRecord r, Set<String> readRepos, Set<String> readBlobs) {
        return r.get("repo_id") != null && readRepos.contains(String.valueOf(r.get("repo_id"))) && blobFailure(r)
                && !readBlobs.contains(String.valueOf(r.get("blob_id")));
    }

    private static boolean isNote(GenericRecord r) {
        return !ErrorKind.losesData(String.valueOf(r.get("kind")));
    }

    private static List<Object> key(GenericRecord r) {
        return List.of(String.valueOf(r.get("repo_id")), String.valueOf(r.get("stage")),
                String.valueOf(r.get("kind")), String.valueOf(r.get("path")), String.valueOf(r.get("blob_id")));
    }

    /** Adds {@code other}'s listing count to {@code kept}'s (unknown when either is). */
    private static void add(GenericRecord kept, GenericRecord other) {
        Object a = kept.get("snapshots");
        Object b = other.get("snapshots");
        kept.put("snapshots", a == null || b == null ? null : (Integer) a + (Integer) b);
    }
}
