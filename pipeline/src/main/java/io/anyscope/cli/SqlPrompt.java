package io.anyscope.cli;

import io.anyscope.analytics.Table;
import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The {@code sql} prompt's own commands ({@code .help}, {@code .tables}, {@code .schema [VIEW]}, {@code .mode},
 * {@code .quit}) and its Tab completion of view, table and column names and dot commands.
 */
final class SqlPrompt {
    /** The dot commands and what each does, as {@code .help} lists them. */
    static final List<String[]> COMMANDS = List.of(
            new String[] {".help", "this list"},
            new String[] {".tables", "the views and tables, with what each holds"},
            new String[] {".schema [VIEW]", "every view's columns; with VIEW, its columns, their types and meaning"},
            new String[] {".mode table|line", "results as a table fitted to the window, or one column a line"},
            new String[] {".quit", "leave (also .exit, Ctrl-D)"});

    private static final String TABLES = "SELECT i.table_name AS name, lower(replace(i.table_type, 'BASE ', '')) AS type,"
            + " coalesce(v.comment, t.comment) AS comment FROM information_schema.tables i"
            + " LEFT JOIN duckdb_views() v ON v.view_name = i.table_name AND v.schema_name = i.table_schema"
            + " LEFT JOIN duckdb_tables() t ON t.table_name = i.table_name AND t.schema_name = i.table_schema"
            + " WHERE i.table_schema = 'main' AND i.table_catalog = current_database() ORDER BY name";

    private final Warehouse w;
    private final PrintWriter out;
    private boolean vertical;

    SqlPrompt(Warehouse w, PrintWriter out) {
        this.w = w;
        this.out = out;
    }

    /** Whether results show one column a line ({@code .mode line}). */
    boolean vertical() {
        return vertical;
    }

    /**
     * Runs a dot command, printing its answer fitted to {@code width} (0: no limit); false for {@code .quit}. An
     * unknown command or view is an exception whose message says what to type instead.
     */
    boolean dot(String line, int width) throws WarehouseException {
        String[] words = line.strip().split("\\s+");
        String arg = words.length > 1 ? words[1] : null;
        switch (words[0]) {
            case ".quit", ".exit" -> {
                return false;
            }
            case ".help" -> {
                int w0 = COMMANDS.stream().mapToInt(c -> c[0].length()).max().orElse(0);
                for (String[] c : COMMANDS) {
                    out.printf("%-" + w0 + "s  %s%n", c[0], c[1]);
                }
                out.println("End a statement with ';'; Tab completes view, table and column names.");
            }
            case ".tables" -> out.print(SqlOutput.table(w.query(TABLES), width));
            case ".schema" -> out.print(arg == null ? SqlOutput.table(w.query("SELECT table_name AS name, "
                    + "string_agg(column_name, ', ' ORDER BY ordinal_position) AS columns FROM "
                    + "information_schema.columns WHERE table_schema = 'main' GROUP BY ALL ORDER BY name"), width)
                    : SqlOutput.table(schema(arg), width));
            case ".mode" -> {
                if ("line".equals(arg)) {
                    vertical = true;
                } else if ("table".equals(arg)) {
                    vertical = false;
                } else {
                    throw new WarehouseException(".mode takes table or line, not "
                            + (arg == null ? "nothing" : "'" + arg + "'"), false, null);
                }
            }
            default -> throw new WarehouseException("unknown command " + words[0]
                    + " (.help lists the commands)", false, null);
        }
        out.flush();
        return true;
    }

    private Table schema(String view) throws WarehouseException {
        Table t = w.query("SELECT column_name AS column, data_type AS type, comment FROM duckdb_columns() "
                + "WHERE schema_name = 'main' AND lower(table_name) = lower(?) ORDER BY column_index", view);
        if (t.size() == 0) {
            throw new WarehouseException("no view or table named " + view + " (.tables lists them)", false, null);
        }
        return t;
    }

    /** Tab completion: the dot commands, then every view, table and column name of the data set. */
    static Completer completer(Warehouse w) throws WarehouseException {
        List<String> names = names(w);
        return (reader, line, candidates) -> {
            String word = line.word();
            if (line.wordIndex() == 0 && word.startsWith(".")) {
                COMMANDS.forEach(c -> candidates.add(new Candidate(c[0].split(" ")[0])));
                return;
            }
            // The name being typed is the word's end after any punctuation: "sum(pct_" completes "pct_".
            int start = word.length();
            while (start > 0 && (Character.isLetterOrDigit(word.charAt(start - 1)) || word.charAt(start - 1) == '_')) {
                start--;
            }
            String before = word.substring(0, start);
            String typed = word.substring(start).toLowerCase(Locale.ROOT);
            for (String n : names) {
                if (n.toLowerCase(Locale.ROOT).startsWith(typed)) {
                    candidates.add(new Candidate(before + n, n, null, null, null, null, true));
                }
            }
        };
    }

    /** The names Tab completes: views and tables, then columns, each once, sorted. */
    static List<String> names(Warehouse w) throws WarehouseException {
        TreeSet<String> views = new TreeSet<>();
        TreeSet<String> columns = new TreeSet<>();
        for (List<Object> r : w.query("SELECT table_name, column_name FROM information_schema.columns "
                + "WHERE table_schema = 'main'").rows()) {
            views.add((String) r.get(0));
            columns.add((String) r.get(1));
        }
        columns.removeAll(views);
        List<String> out = new ArrayList<>(views);
        out.addAll(columns);
        return out;
    }
}
