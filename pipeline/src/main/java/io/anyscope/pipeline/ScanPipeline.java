package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.git.RepoSpec;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The scan as a Beam pipeline: list repositories, list their snapshots, list each new snapshot commit's files,
 * read and extract each distinct blob once, write the tables to Parquet in a staging directory. One file per stage:
 * {@link ListSnapshots}, {@link ListFiles}, {@link ListChanges}, {@link DistinctBlobs}, {@link ExtractBlobs},
 * {@link WriteTables}.
 *
 * <p>{@link #build} only builds; the caller runs it on any runner (DirectRunner by default, Flink or Spark through
 * Beam's runners). Bad input is recorded in the {@code errors} output, counted, printed to stderr, and skipped
 * ({@link Problem}).
 */
public final class ScanPipeline {
    private ScanPipeline() {
    }

    /** Builds the scan into {@code p} without running it. */
    public static void build(Pipeline p, ScanOptions o, List<RepoSpec> repos, DataSet.Known known) {
        int buckets = ScanOptions.buckets(o);
        PCollectionTuple listed = p
                .apply("Repositories", Create.of(repos).withCoder(SerializableCoder.of(RepoSpec.class)))
                .apply("ListSnapshots", new ListSnapshots(known));
        // Runner-determined sharding (one file per bundle) unless --shards is given: fixed sharding groups every
        // row of a table onto a few keys, which the DirectRunner's state handling makes quadratic (measured: minutes
        // for 100k rows). There the files rows are written as they are listed (not held between stages).
        boolean direct = o.getRunner() != null && o.getRunner().getSimpleName().equals("DirectRunner");
        boolean bundleFiles = direct && o.getShards() <= 0;
        PCollectionTuple files = listed.get(ListSnapshots.COMMITS).apply("ListFiles",
                new ListFiles(buckets, bundleFiles));
        PCollectionTuple changes = listed.get(ListSnapshots.CHANGE_TASKS).apply("ListChanges",
                new ListChanges(buckets));
        PCollectionTuple extracted = PCollectionList.of(files.get(ListFiles.BLOB_TASKS))
                .and(p.apply("KnownBlobsToExtractAgain", Create.of(reextract(repos, known))
                        .withCoder(KvCoder.of(StringUtf8Coder.of(), BlobTask.coder()))))
                .apply("AllBlobTasks", Flatten.pCollections())
                .apply("DistinctBlobs", new DistinctBlobs(known, buckets))
                .apply("ExtractBlobs", new ExtractBlobs());

        WriteTables w = new WriteTables(o.getStagingDir(), o.getRunId(), direct, o.getShards());
        w.write(listed.get(ListSnapshots.REPOS), Tables.REPOS);
        w.write(listed.get(ListSnapshots.SNAPSHOTS).apply("SnapshotStatus",
                new SnapshotStatus.Resolve(files.get(ListFiles.LISTINGS))), Tables.SNAPSHOTS);
        if (!bundleFiles) {
            w.write(files.get(ListFiles.FILES), Tables.FILES);
        }
        w.write(changes.get(ListChanges.CHANGES), Tables.CHANGES);
        w.write(extracted.get(ExtractBlobs.BLOBS), Tables.BLOBS);
        w.write(extracted.get(ExtractBlobs.USAGES), Tables.USAGES);
        w.write(extracted.get(ExtractBlobs.CONFIG), Tables.CONFIG_FACTS);
        w.write(extracted.get(ExtractBlobs.FINDINGS), Tables.FINDINGS);
        w.write(all("AllErrors", Problem.ERRORS, Rows.coder(Tables.ERRORS), listed, files, changes, extracted),
                Tables.ERRORS);
        w.writeCoverage(all("AllCoverage", ChangeCoverage.REPORTS, ChangeCoverage.coder(), listed, changes));
    }

    /**
     * The blob tasks of blobs earlier runs listed that must be extracted again (the extraction version changed:
     * {@link DataSet.Known#reextract}) or read again (their reading failed: {@link DataSet.Known#retry}), for the
     * repositories of this run (others cannot be read now).
     */
    static List<KV<String, BlobTask>> reextract(List<RepoSpec> repos, DataSet.Known known) {
        Map<String, RepoSpec> byId = new HashMap<>();
        repos.forEach(r -> byId.put(r.repoId(), r));
        List<KV<String, BlobTask>> out = new ArrayList<>();
        List<DataSet.KnownBlob> again = new ArrayList<>(known.reextract());
        again.addAll(known.retry());
        for (DataSet.KnownBlob b : again) {
            RepoSpec spec = byId.get(b.repoId());
            if (spec != null) {
                BlobTask t = new BlobTask(spec, b.repoId(), b.blobId(), b.path(), b.parser(), b.size());
                out.add(KV.of(t.key(), t));
            }
        }
        return out;
    }

    /** One output of several stages, flattened. */
    private static PCollection<GenericRecord> all(String name, TupleTag<GenericRecord> tag, Coder<GenericRecord> coder,
                                                  PCollectionTuple... stages) {
        PCollectionList<GenericRecord> list = PCollectionList.empty(stages[0].getPipeline());
        for (PCollectionTuple s : stages) {
            list = list.and(s.get(tag));
        }
        return list.apply(name, Flatten.pCollections()).setCoder(coder);
    }
}
