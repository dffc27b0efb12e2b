package io.anyscope.analytics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A query result held in memory: column names, DuckDB type names and rows of plain Java values. */
public record Table(List<String> columns, List<String> types, List<List<Object>> rows) {

    static Table from(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> cols = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            cols.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(normalise(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new Table(List.copyOf(cols), List.copyOf(types), rows);
    }

    private static Object normalise(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double) {
            return v;
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toLocalDateTime();
        }
        if (v instanceof Short s) {
            return s.intValue();
        }
        if (v instanceof Byte b) {
            return b.intValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 63 ? (Object) bi.longValue() : bi;
        }
        if (v instanceof BigDecimal bd) {
            return bd.doubleValue();
        }
        if (v instanceof LocalDate || v instanceof LocalDateTime || v instanceof Number) {
            return v;
        }
        return String.valueOf(v);
    }

    public int size() {
        return rows.size();
    }

    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return i;
    }

    public Object get(int row, String column) {
        return rows.get(row).get(column(column));
    }

    /** Text of one value as shown to people: no trailing ".0", ISO dates, "" for NULL. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        return v.toString();
    }

    public boolean numeric(int col) {
        for (List<Object> r : rows) {
            Object v = r.get(col);
            if (v != null) {
                return v instanceof Number;
            }
        }
        return false;
    }
}
