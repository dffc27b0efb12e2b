package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Makes a data set look as a version of anyscope before a column was added wrote it. */
final class OlderDataSets {
    private OlderDataSets() {
    }

    /** Rewrites the current generation's files of {@code table} without {@code columns}, and drops the marts. */
    static void dropColumn(Path data, String table, String... columns) throws Exception {
        Schema current = Tables.schema(table);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (!List.of(columns).contains(f.name())) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        Path dir = data.resolve("current").toRealPath().resolve(table);
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                List<GenericRecord> rows = new ArrayList<>();
                for (GenericRecord r : ParquetFiles.read(p, x -> true)) {
                    GenericRecord o = new GenericData.Record(old);
                    for (Schema.Field f : old.getFields()) {
                        o.put(f.name(), r.get(f.name()));
                    }
                    rows.add(o);
                }
                Files.delete(p);
                ParquetFiles.write(p, old, rows);
            }
        }
        // Nor had that version the marts this one's scan built from the rows as they were (a marts file's
        // fingerprint covers the SQL files, so an older version's would not fit).
        io.anyscope.analytics.Warehouse.removeMarts(data);
    }
}
