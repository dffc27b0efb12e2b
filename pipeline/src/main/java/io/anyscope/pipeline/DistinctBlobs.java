package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stage 3: one task per distinct (blob, parser), whatever the number of snapshots, paths or forks it appears in, with
 * the smallest (repository, path) for determinism; blobs that an earlier run read and extracted with the same
 * extraction version ({@link DataSet.Known#blobFiles}) are dropped (not those whose reading failed: they are read
 * again).
 */
final class DistinctBlobs extends PTransform<PCollection<KV<String, BlobTask>>, PCollection<BlobTask>> {
    private final DataSet.Known known;
    private final int buckets;

    DistinctBlobs(DataSet.Known known, int buckets) {
        this.known = known;
        this.buckets = buckets;
    }

    @Override
    public PCollection<BlobTask> expand(PCollection<KV<String, BlobTask>> tasks) {
        int n = buckets;
        PCollection<KV<Integer, BlobTask>> byBucket = tasks
                .apply("BucketBlobs", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                        TypeDescriptor.of(BlobTask.class))).via((KV<String, BlobTask> kv) ->
                        KV.of(bucket(kv.getKey(), n), kv.getValue())))
                .setCoder(KvCoder.of(VarIntCoder.of(), BlobTask.coder()));
        PCollection<KV<Integer, String>> done;
        if (!known.blobFiles().isEmpty()) {
            done = tasks.getPipeline()
                    .apply("ReadKnownBlobs", ParquetIO.read(Tables.schema(Tables.BLOBS)).from(
                            known.blobFiles().get(0).getParent().toString() + "/*.parquet"))
                    // A blob whose reading failed is not done: a new commit that lists it reads it again (and
                    // DataSet.Known#retry those whose failure a re-read can change).
                    .apply("ReadBlobsOnly", org.apache.beam.sdk.transforms.Filter.by((GenericRecord r) ->
                            !DataSet.FAILED_BLOB_STATUSES.contains(String.valueOf(r.get("status")))))
                    .apply("KnownKeys", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                                    TypeDescriptors.strings()))
                            .via((GenericRecord r) -> {
                                String key = r.get("blob_id") + "|" + r.get("parser");
                                return KV.of(bucket(key, n), key);
                            }))
                    .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
        } else {
            done = tasks.getPipeline().apply("NoKnownBlobs", Create.empty(
                    KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of())));
        }
        TupleTag<BlobTask> taskTag = new TupleTag<>();
        TupleTag<String> doneTag = new TupleTag<>();
        return KeyedPCollectionTuple.of(taskTag, byBucket).and(doneTag, done)
                .apply("JoinKnown", CoGroupByKey.create())
                .apply("OnePerBlob", ParDo.of(new OnePerBlobFn(taskTag, doneTag)))
                .setCoder(BlobTask.coder());
    }

    /** The bucket of a key: stable across JVMs (String.hashCode is specified). */
    static int bucket(String key, int buckets) {
        return Math.floorMod(key.hashCode(), buckets);
    }

    /**
     * Within one bucket: one task per (blob, parser), the smallest (repository, path) for determinism, unless an
     * earlier run extracted it.
     */
    static final class OnePerBlobFn extends DoFn<KV<Integer, CoGbkResult>, BlobTask> {
        private static final Counter CPU = StageCpu.counter("distinct_blobs");

        private final TupleTag<BlobTask> taskTag;
        private final TupleTag<String> doneTag;

        OnePerBlobFn(TupleTag<BlobTask> taskTag, TupleTag<String> doneTag) {
            this.taskTag = taskTag;
            this.doneTag = doneTag;
        }

        @ProcessElement
        public void process(@Element KV<Integer, CoGbkResult> kv, OutputReceiver<BlobTask> out,
                            org.apache.beam.sdk.options.PipelineOptions po) {
            long cpu = StageCpu.now();
            Set<String> done = new HashSet<>();
            kv.getValue().getAll(doneTag).forEach(done::add);
            Map<String, BlobTask> first = new TreeMap<>();
            for (BlobTask t : kv.getValue().getAll(taskTag)) {
                String key = t.key();
                if (!done.contains(key)) {
                    first.merge(key, t, BlobTask::first);
                }
            }
            Progress.add(po.as(ScanOptions.class).getRunId(), "blobs_to_read", first.size());
            first.values().forEach(out::output);
            StageCpu.add(CPU, cpu);
        }
    }
}
