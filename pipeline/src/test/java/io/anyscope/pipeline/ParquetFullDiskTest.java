package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.fault.FileSystemFaultTest;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writing Parquet onto a full disk (a 1 MB tmpfs the test mounts, as {@link FileSystemFaultTest} does): the write
 * fails with the disk's error, and leaves neither a partial file nor a file open in this process, so the disk is
 * free again at once (parquet-mr's writer alone keeps its stream open when its close fails, until a garbage
 * collection).
 */
class ParquetFullDiskTest {
    private static final Schema SCHEMA = Tables.schema(Tables.ERRORS);

    @TempDir
    Path tmp;
    private Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        FileSystemFaultTest.mountTmpfs(disk, "1m");
    }

    @AfterEach
    void unmount() throws Exception {
        FileSystemFaultTest.unmount(disk);
    }

    @Test
    void aWriteThatFillsTheDiskClosesAndDeletesItsFile() throws Exception {
        Path file = disk.resolve("t/part-1.parquet");
        assertThatThrownBy(() -> ParquetFiles.write(file, SCHEMA, rows(1000)))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThat(FileSystemFaultTest.openFilesUnder(disk)).as("files left open").isEmpty();
        assertThat(filesUnder(disk)).as("files left on the disk").isEmpty();
    }

    @Test
    void aBundleThatFillsTheDiskClosesAndDeletesItsFile() throws Exception {
        BundleFile bundle = new BundleFile(disk.resolve("t").toString(), SCHEMA, "run1");
        for (GenericRecord r : rows(1000)) {
            bundle.write(r);
        }
        assertThatThrownBy(bundle::finish).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        bundle.abort(); // what the DoFn's teardown then does: nothing left to drop
        assertThat(FileSystemFaultTest.openFilesUnder(disk)).as("files left open").isEmpty();
        assertThat(filesUnder(disk)).as("files left on the disk").isEmpty();
    }

    @Test
    void anAbortedBundleClosesAndDeletesItsFile() throws Exception {
        BundleFile bundle = new BundleFile(disk.resolve("t").toString(), SCHEMA, "run1");
        for (GenericRecord r : rows(10)) {
            bundle.write(r);
        }
        assertThat(FileSystemFaultTest.openFilesUnder(disk)).as("the bundle's open file").hasSize(1);
        bundle.abort();
        assertThat(FileSystemFaultTest.openFilesUnder(disk)).as("files left open").isEmpty();
        assertThat(filesUnder(disk)).as("files left on the disk").isEmpty();
    }

    @Test
    void aWriteThatFitsIsReadBack() throws Exception {
        Path file = disk.resolve("t/part-1.parquet");
        ParquetFiles.write(file, SCHEMA, rows(10));
        assertThat(ParquetFiles.read(file, r -> true)).hasSize(10);
        assertThat(FileSystemFaultTest.openFilesUnder(disk)).as("files left open").isEmpty();
    }

    /** Rows of incompressible text, about 5 KB each. */
    private static List<GenericRecord> rows(int n) {
        Random random = new Random(7);
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenericRecord r = new GenericData.Record(SCHEMA);
            for (Schema.Field f : SCHEMA.getFields()) {
                r.put(f.pos(), value(f.schema(), random));
            }
            rows.add(r);
        }
        return rows;
    }

    private static Object value(Schema s, Random random) {
        Schema t = s.getType() == Schema.Type.UNION ? s.getTypes().get(s.getTypes().size() - 1) : s;
        return switch (t.getType()) {
            case STRING -> randomText(random, 64);
            case INT -> random.nextInt();
            case LONG -> random.nextLong();
            case BOOLEAN -> random.nextBoolean();
            case DOUBLE -> random.nextDouble();
            default -> null;
        };
    }

    private static String randomText(Random random, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        return sb.toString();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
