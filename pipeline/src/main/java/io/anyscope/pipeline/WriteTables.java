package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

import java.io.IOException;
import java.io.Serializable;

/**
 * Stage 5: writes each table's rows as Parquet files under the run's staging directory ({@code <staging>/<table>}),
 * and the run's changes coverage reports beside them ({@link ChangeCoverage#DIR}).
 *
 * <p>On the DirectRunner without {@code --shards}, each bundle's rows go straight into one file of their own
 * ({@link WriteBundleFn}): the DirectRunner replaces FileIO's runner-determined sharding by a fixed number of
 * shards, which sends every row through a GroupByKey whose in-memory state it copies (encodes and decodes) on
 * every access — measured: a third of a HEAD scan's CPU and most of its memory. The staging directory is only
 * read after the pipeline has finished, and the DirectRunner does not retry bundles. Other runners use FileIO
 * (temporary files, finalised once).
 */
final class WriteTables implements Serializable {
    private final String staging;
    private final String runId;
    private final boolean direct;
    private final int shards;

    /** {@code shards}: files per table (0: runner-determined, one per bundle). */
    WriteTables(String staging, String runId, boolean direct, int shards) {
        this.staging = staging;
        this.runId = runId;
        this.direct = direct;
        this.shards = Math.max(0, shards);
    }

    /** Writes the rows of one table. */
    void write(PCollection<GenericRecord> rows, String table) {
        write(rows, table, Tables.schema(table));
    }

    /** Writes the run's changes coverage reports. */
    void writeCoverage(PCollection<GenericRecord> reports) {
        write(reports, ChangeCoverage.DIR, ChangeCoverage.SCHEMA);
    }

    private void write(PCollection<GenericRecord> rows, String dir, Schema schema) {
        if (direct && shards == 0) {
            rows.apply("Write " + dir, ParDo.of(new WriteBundleFn(staging + "/" + dir, schema.toString(), runId)));
            return;
        }
        FileIO.Write<Void, GenericRecord> w = FileIO.<GenericRecord>write()
                .via(ParquetIO.sink(schema).withCompressionCodec(ParquetFiles.CODEC))
                .to(staging + "/" + dir)
                .withPrefix("part-" + runId)
                .withSuffix(".parquet");
        rows.apply("Write " + dir, shards > 0 ? w.withNumShards(shards) : w);
    }

    /** Writes the rows of each bundle into one Parquet file ({@link BundleFile}). */
    static final class WriteBundleFn extends DoFn<GenericRecord, Void> {
        private static final Counter CPU = StageCpu.counter("write_parquet");
        private final String dir;
        private final String schemaJson;
        private final String runId;
        private transient BundleFile file;

        WriteBundleFn(String dir, String schemaJson, String runId) {
            this.dir = dir;
            this.schemaJson = schemaJson;
            this.runId = runId;
        }

        @Setup
        public void setup() {
            file = new BundleFile(dir, new Schema.Parser().parse(schemaJson), runId);
        }

        @ProcessElement
        public void process(@Element GenericRecord row) throws IOException {
            long cpu = StageCpu.now();
            file.write(row);
            StageCpu.add(CPU, cpu);
        }

        @FinishBundle
        public void finish() throws IOException {
            long cpu = StageCpu.now();
            file.finish();
            StageCpu.add(CPU, cpu);
        }

        @Teardown
        public void teardown() throws IOException {
            if (file != null) { // a failed bundle: drop its partial file
                file.abort();
            }
        }
    }
}
