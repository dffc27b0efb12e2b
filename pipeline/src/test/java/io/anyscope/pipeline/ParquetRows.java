package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a scan's Parquet back through DuckDB: each row of a query as one string, its columns joined by a space. */
public final class ParquetRows {
    private ParquetRows() {
    }

    /** Rows of a query over a data set's current tables, each a view named as its table ({@link Tables#ALL}). */
    public static List<String> rows(Path data, String sql) throws Exception {
        List<String> views = new ArrayList<>();
        for (String t : Tables.ALL) {
            views.add("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + data.resolve("current").resolve(t)
                    + "/*.parquet')");
        }
        return query(views, sql);
    }

    /** Rows of a query over one table's Parquet files, the table named {@code t}. */
    public static List<String> tableRows(Path table, String sql) throws Exception {
        return query(List.of("CREATE VIEW t AS SELECT * FROM read_parquet('" + table + "/*.parquet')"), sql);
    }

    /** Rows of {@code sql} in a fresh in-memory DuckDB after {@code views} (any statements) ran, one string per row. */
    public static List<String> query(List<String> views, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String v : views) {
                st.execute(v);
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(i > 1 ? " " : "").append(rs.getString(i));
                    }
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }
}
