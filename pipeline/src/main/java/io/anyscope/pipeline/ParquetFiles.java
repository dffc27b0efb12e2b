package io.anyscope.pipeline;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads and writes small Parquet files outside Beam (the run row, carried-over rows, empty tables), with the same
 * Avro schemas and codec the pipeline uses, straight on java.nio (no Hadoop checksum files).
 */
public final class ParquetFiles {
    public static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;

    private ParquetFiles() {
    }

    public static void write(Path file, Schema schema, Iterable<GenericRecord> rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (ParquetWriter<GenericRecord> w = writer(file, schema)) {
            for (GenericRecord r : rows) {
                w.write(r);
            }
        }
    }

    /** A writer of a new file (which must not exist) with the pipeline's schema settings and codec. */
    public static ParquetWriter<GenericRecord> writer(Path file, Schema schema) throws IOException {
        return AvroParquetWriter.<GenericRecord>builder(new NioOutputFile(file))
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new Configuration(false))
                .withCompressionCodec(CODEC)
                .build();
    }

    public static List<GenericRecord> read(Path file, Predicate<GenericRecord> keep) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new NioInputFile(file))
                .withDataModel(GenericData.get())
                .withConf(new Configuration(false))
                .build()) {
            GenericRecord g;
            while ((g = r.read()) != null) {
                if (keep.test(g)) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    static final class NioOutputFile implements OutputFile {
        private final Path path;

        NioOutputFile(Path path) {
            this.path = path;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return stream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return stream(Files.newOutputStream(path));
        }

        private static PositionOutputStream stream(OutputStream os) {
            CountingStream counting = new CountingStream(new java.io.BufferedOutputStream(os, 1 << 16));
            return new DelegatingPositionOutputStream(counting) {
                @Override
                public long getPos() {
                    return counting.count;
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    /** Counts every byte, whichever write method parquet uses. */
    static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    static final class NioInputFile implements InputFile {
        private final Path path;

        NioInputFile(Path path) {
            this.path = path;
        }

        @Override
        public long getLength() throws IOException {
            return Files.size(path);
        }

        @Override
        public SeekableInputStream newStream() throws IOException {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            return new DelegatingSeekableInputStream(Channels.newInputStream(ch)) {
                @Override
                public long getPos() throws IOException {
                    return ch.position();
                }

                @Override
                public void seek(long newPos) throws IOException {
                    ch.position(newPos);
                }
            };
        }
    }
}
