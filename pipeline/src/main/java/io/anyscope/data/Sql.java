package io.anyscope.data;

/** Quoting for SQL written against the data set (DuckDB): the one place a value becomes a SQL literal. */
public final class Sql {
    private Sql() {
    }

    /** A SQL string literal: {@code s} in single quotes, its single quotes doubled. */
    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A quoted SQL identifier: {@code s} in double quotes, its double quotes doubled. */
    public static String identifier(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A SQL list literal of strings: {@code ['a', 'b']}. */
    public static String list(java.util.Collection<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            b.append(b.length() > 1 ? ", " : "").append(literal(v));
        }
        return b.append(']').toString();
    }
}
