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

    /** Writes a new file (which must not exist) of {@code rows}; when that fails, nothing of it is left ({@link Writer}). */
    public static void write(Path file, Schema schema, Iterable<GenericRecord> rows) throws IOException {
        Files.createDirectories(file.getParent());
        Writer w = writer(file, schema);
        try {
            for (GenericRecord r : rows) {
                w.write(r);
            }
        } catch (IOException | RuntimeException e) {
            try {
                w.discard();
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
        w.close();
    }

    /** A writer of a new file (which must not exist) with the pipeline's schema settings and codec. */
    public static Writer writer(Path file, Schema schema) throws IOException {
        NioOutputFile out = new NioOutputFile(file);
        return new Writer(AvroParquetWriter.<GenericRecord>builder(out)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new Configuration(false))
                .withCompressionCodec(CODEC)
                .build(), out);
    }

    /**
     * parquet-mr's writer with what it lacks on a failure: when writing the file at {@link #close} fails (a full
     * disk), the file is closed and deleted before the failure is thrown, where parquet-mr's own {@code close()}
     * leaves its stream open (apache/parquet-java#2727) and the disk held until a garbage collection; and
     * {@link #discard} drops a file without writing the rows held in memory.
     */
    public static final class Writer implements java.io.Closeable {
        private ParquetWriter<GenericRecord> writer;
        private final NioOutputFile out;

        private Writer(ParquetWriter<GenericRecord> writer, NioOutputFile out) {
            this.writer = writer;
            this.out = out;
        }

        public void write(GenericRecord row) throws IOException {
            writer.write(row);
        }

        /** Writes the rows held and the footer and closes the file; on failure, closes and deletes it, then throws. */
        @Override
        public void close() throws IOException {
            if (writer == null) {
                return;
            }
            ParquetWriter<GenericRecord> w = writer;
            writer = null;
            try {
                w.close();
            } catch (IOException | RuntimeException e) {
                try {
                    out.delete();
                } catch (IOException d) {
                    e.addSuppressed(d);
                }
                throw e;
            }
        }

        /** Closes the file without writing the rows held in memory (which could fail again) and deletes it. */
        public void discard() throws IOException {
            if (writer != null) {
                writer = null;
                out.delete();
            }
        }
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

    /**
     * A Parquet output file on java.nio that remembers the stream it opened, so that a failed write can close it
     * ({@link Writer}).
     */
    private static final class NioOutputFile implements OutputFile {
        private final Path path;
        private OutputStream opened;

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

        private PositionOutputStream stream(OutputStream os) {
            CountingStream counting = new CountingStream(new java.io.BufferedOutputStream(os, 1 << 16));
            opened = counting;
            return new DelegatingPositionOutputStream(counting) {
                @Override
                public long getPos() {
                    return counting.count;
                }
            };
        }

        /**
         * Closes and deletes the file, if this opened it (a file that was already there is left alone). Closing a
         * stream the writer did close is a no-op; after a failed write, its buffered bytes may fail to flush again,
         * and the file is still closed and deleted.
         */
        void delete() throws IOException {
            if (opened == null) {
                return;
            }
            try {
                opened.close();
            } finally {
                Files.deleteIfExists(path);
            }
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
