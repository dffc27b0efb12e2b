package io.anyscope.data;

import org.apache.avro.Schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cheap check of a generation's Parquet files before anything reads or carries them: each file ends with a
 * Parquet footer that DuckDB can read, and its columns are those of its table (the table's key column, and no column
 * its schema lacks; columns added to a schema later may be absent from older files). It reads footers only.
 */
public final class ParquetCheck {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetCheck() {
    }

    /** A file of the generation that cannot be read as its table: the message names it and says why. */
    public static final class DamagedFileException extends IOException {
        private final Path file;

        DamagedFileException(Path file, String message) {
            super(message);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /**
     * Checks every file; {@code shown} is how the message names a file (e.g. {@code DATA/current/usages/x.parquet}
     * rather than the generation's resolved path).
     */
    public static void verify(Generation g, java.util.function.Function<Path, String> shown) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            verify(c, g, shown);
        } catch (SQLException e) {
            throw new IOException("cannot check the data set's Parquet files: " + e.getMessage(), e);
        }
    }

    /** {@link #verify(Generation, java.util.function.Function)} with a DuckDB connection of the caller's. */
    public static void verify(Connection c, Generation g, java.util.function.Function<Path, String> shown)
            throws IOException {
        for (String table : Tables.ALL) {
            for (Path f : g.files(table)) {
                verify(c, table, f, shown.apply(f));
            }
        }
    }

    private static void verify(Connection c, String table, Path file, String shown) throws IOException {
        if (!hasFooterMagic(file)) {
            throw new DamagedFileException(file, shown + " is damaged: no Parquet footer (truncated?)");
        }
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + Sql.literal(file.toString())
                     + ")")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        } catch (SQLException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new DamagedFileException(file, shown + " is damaged: its Parquet footer cannot be read (" + why
                    + ")");
        }
        Schema schema = Tables.schema(table);
        Set<String> fields = schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toSet());
        String key = schema.getFields().get(0).name();
        List<String> foreign = columns.stream().filter(col -> !fields.contains(col)).toList();
        if (!columns.contains(key) || !foreign.isEmpty()) {
            throw new DamagedFileException(file, shown + " is not a file of anyscope's " + table + " table (its columns: "
                    + abbreviate(columns) + (columns.contains(key) ? "" : "; no " + key) + ")");
        }
    }

    private static String abbreviate(List<String> columns) {
        return columns.size() <= 8 ? String.join(", ", columns)
                : String.join(", ", columns.subList(0, 8)) + ", ... (" + columns.size() + " columns)";
    }

    /** Whether the file starts and ends with Parquet's magic bytes (a truncated file lacks the end). */
    static boolean hasFooterMagic(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                return false;
            }
            ByteBuffer head = ByteBuffer.allocate(4);
            ByteBuffer tail = ByteBuffer.allocate(4);
            ch.read(head, 0);
            ch.read(tail, size - 4);
            return java.util.Arrays.equals(head.array(), MAGIC) && java.util.Arrays.equals(tail.array(), MAGIC);
        }
    }
}
