package io.anyscope.pipeline;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * One bundle's rows of a table in one Parquet file of their own, written under a temporary name ({@code .part-...
 * .tmp}) and renamed when whole ({@link #finish}); {@link #abort} drops a partial file. Used where the DirectRunner
 * writes rows straight from a DoFn ({@link WriteTables.WriteBundleFn}, and the files rows in {@link ListFiles}, which
 * are then never held in a PCollection). Not serializable: make one per DoFn instance.
 */
final class BundleFile {
    private final Path dir;
    private final Schema schema;
    private final String runId;
    private ParquetFiles.Writer writer;
    private Path tmp;
    private String[] lastString;
    private Utf8[] lastUtf8;

    BundleFile(String dir, Schema schema, String runId) {
        this.dir = Path.of(dir);
        this.schema = schema;
        this.runId = runId;
    }

    /** Writes a row, opening the bundle's file with the first. */
    void write(GenericRecord row) throws IOException {
        if (writer == null) {
            Files.createDirectories(dir);
            tmp = dir.resolve(".part-" + runId + "-" + UUID.randomUUID() + ".parquet.tmp");
            writer = ParquetFiles.writer(tmp, schema);
            int n = schema.getFields().size();
            lastString = new String[n];
            lastUtf8 = new Utf8[n];
        }
        writer.write(utf8(row));
    }

    /**
     * The row with its strings as Avro {@code Utf8}, which parquet-avro writes as they are; a {@code String} goes
     * through a {@code CharsetEncoder} per value (measured: 38 % of the writing). A column whose value is the
     * same string object as in the previous row (repository, commit) is encoded once.
     */
    private GenericRecord utf8(GenericRecord row) {
        GenericData.Record copy = new GenericData.Record(row.getSchema());
        for (int i = 0; i < lastString.length; i++) {
            Object v = row.get(i);
            if (v instanceof String str) {
                if (lastString[i] != str) {
                    lastString[i] = str;
                    lastUtf8[i] = new Utf8(str);
                }
                v = lastUtf8[i];
            }
            copy.put(i, v);
        }
        return copy;
    }

    /**
     * Closes the bundle's file, if it has one, and gives it its final name. If closing fails (a full disk), the
     * partial file is closed and deleted before the failure is thrown.
     */
    void finish() throws IOException {
        if (writer == null) {
            return;
        }
        writer.close();
        writer = null;
        String name = tmp.getFileName().toString();
        Files.move(tmp, tmp.resolveSibling(name.substring(1, name.length() - ".tmp".length())),
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Drops a failed bundle's partial file: closes it without writing the rows held in memory (which could fail again
     * on a full disk) and deletes it.
     */
    void abort() throws IOException {
        if (writer != null) {
            writer.discard();
            writer = null;
        }
    }
}
