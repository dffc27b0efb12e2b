package io.anyscope.cli;

import io.anyscope.analytics.Render;
import io.anyscope.analytics.Table;
import io.anyscope.analytics.ViewsExport;
import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import io.anyscope.cli.options.DataSetOptions;
import io.anyscope.pipeline.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code anyscope sql --data DATA [QUERY]}: one query, or an interactive prompt when QUERY is absent. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Queries a data set with DuckDB SQL over the anyscope views (stg_*, mart_*, rpt_*).",
            "Without QUERY: an interactive prompt; end statements with ';', .help lists the dot commands, Tab "
                + "completes view and column names, .quit leaves.",
            "For scripts: --format plain prints the values only (tab-separated, LF line ends), e.g.",
            "  test \"$(anyscope sql --data DATA --format plain 'SELECT count(*) FROM stg_errors')\" -eq 0"})
public final class SqlCommand implements Callable<Integer> {
    /** Output formats; a value not named here is a usage error (picocli: exit code 2). */
    enum Format { table, csv, json, tsv, plain }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataSetOptions dataSet;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "SQL to run (statements separated by ';').")
    String query;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT", description = "table (fitted to the terminal), csv (RFC 4180: quoted as needed, CRLF line ends), json, "
                + "tsv (tab-separated with a header line, LF line ends, \\t \\n \\\\ escaped) or plain (tsv without the "
                + "header: a single value prints as just that value) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--emit-views", paramLabel = "FILE", description = "Writes the views as one plain DuckDB SQL file "
            + "(absolute paths, no .read) that any DuckDB client runs from any directory, and exits; QUERY is not run.")
    Path emitViews;

    @Option(names = "--history", hidden = true, paramLabel = "FILE", description = "History file (default ~/.anyscope_history).")
    Path history;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Warehouse w = dataSet.open(emitViews != null ? Warehouse.Access.exporting() : Warehouse.Access.free())) {
            if (emitViews != null) {
                ViewsExport.writeScript(w, emitViews);
                out.println("wrote " + emitViews.toAbsolutePath().normalize());
                out.flush();
                return Main.OK;
            }
            if (query != null) {
                try {
                    run(w, query, out);
                    return Main.OK;
                } catch (WarehouseException e) {
                    err.println("anyscope sql: " + e.getMessage());
                    return Main.FAILED;
                }
            }
            return interactive(w, out, err);
        } catch (WarehouseException e) {
            err.println("anyscope sql: " + e.getMessage());
            return e.usage() ? Main.USAGE : Main.FAILED;
        }
    }

    private void run(Warehouse w, String sql, PrintWriter out) throws WarehouseException {
        run(w, sql, out, format == Format.table ? terminalWidth() : 0, false);
    }

    /** Runs {@code sql}'s statements, printing each result in {@link #format} ({@code vertical}: {@code .mode line}). */
    private void run(Warehouse w, String sql, PrintWriter out, int width, boolean vertical) throws WarehouseException {
        for (String st : Warehouse.splitStatements(sql)) {
            Table t = w.query(st);
            if (t.columns().isEmpty()) {
                continue;
            }
            out.print(switch (format) {
                case csv -> Render.csv(t);
                case json -> Render.json(t);
                case tsv -> SqlOutput.tsv(t, true);
                case plain -> SqlOutput.tsv(t, false);
                case table -> vertical ? SqlOutput.lines(t) : SqlOutput.table(t, width);
            });
        }
        out.flush();
    }

    /** The terminal's width, or 0 (no limit) when the output is not a terminal. */
    private static int terminalWidth() {
        if (System.console() == null) {
            return 0;
        }
        try (Terminal t = TerminalBuilder.builder().system(true).build()) {
            return Math.max(0, t.getWidth());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Where lines come from: JLine on a terminal (editing, persistent history), plain stdin otherwise. */
    interface Lines extends AutoCloseable {
        /** The next line, or null at end of input. */
        String read(String prompt) throws IOException;

        @Override
        void close() throws IOException;
    }

    private Lines lines(Path hist, Completer completer, int[] width) throws IOException {
        if (System.console() == null) {
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            return new Lines() {
                @Override
                public String read(String prompt) throws IOException {
                    return in.readLine();
                }

                @Override
                public void close() {
                    // stdin stays open
                }
            };
        }
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        width[0] = terminal.getWidth();
        // A statement is one buffer (and one history entry) until it is complete: the parser asks for more lines.
        org.jline.reader.impl.DefaultParser parser = new org.jline.reader.impl.DefaultParser() {
            @Override
            public org.jline.reader.ParsedLine parse(String line, int cursor, ParseContext context) {
                String t = line.strip();
                if (context == ParseContext.ACCEPT_LINE && !t.isEmpty() && !t.startsWith(".")
                        && !Warehouse.complete(line)) {
                    throw new org.jline.reader.EOFError(-1, cursor, "statement not finished: end it with ';'");
                }
                return super.parse(line, cursor, context);
            }
        };
        parser.setEscapeChars(null);
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("anyscope")
                .parser(parser)
                .completer(completer)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "     ...> ")
                .variable(LineReader.HISTORY_FILE, hist)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        return new Lines() {
            @Override
            public String read(String prompt) {
                while (true) {
                    try {
                        String line = reader.readLine(prompt);
                        width[0] = terminal.getWidth(); // the window may have been resized
                        return line;
                    } catch (UserInterruptException e) {
                        return "";
                    } catch (EndOfFileException e) {
                        return null;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                reader.getHistory().save();
                terminal.close();
            }
        };
    }

    /** The data set's coverage line (rpt_coverage; the failures: mart_failed_inputs, per repository: mart_coverage). */
    private static String coverage(Warehouse w) {
        try {
            return w.query("SELECT headline FROM rpt_coverage").get(0, "headline")
                    + " (per repository: mart_coverage; failed inputs: mart_failed_inputs)";
        } catch (io.anyscope.analytics.WarehouseException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private int interactive(Warehouse w, PrintWriter out, PrintWriter err) {
        Path hist = history != null ? history : Path.of(System.getProperty("user.home"), ".anyscope_history");
        int[] width = {0};
        try (Lines in = lines(hist, SqlPrompt.completer(w), width)) {
            out.println("anyscope sql over " + w.data() + " (generation " + w.generation()
                    + ", pinned until you leave): end statements with ';'; .help lists the dot commands; .quit leaves.");
            out.println("coverage: " + coverage(w));
            out.flush();
            SqlPrompt prompt = new SqlPrompt(w, out);
            StringBuilder buf = new StringBuilder();
            String line;
            while ((line = in.read(buf.isEmpty() ? "anyscope> " : "     ...> ")) != null) {
                String t = line.strip();
                if (buf.isEmpty() && t.startsWith(".")) {
                    try {
                        if (!prompt.dot(t, width[0])) {
                            break;
                        }
                    } catch (WarehouseException e) {
                        err.println("Error: " + e.getMessage());
                    }
                    err.flush();
                    continue;
                }
                if (buf.isEmpty() && t.isEmpty()) {
                    continue;
                }
                buf.append(line).append('\n');
                if (Warehouse.complete(buf.toString())) {
                    try {
                        run(w, buf.toString(), out, width[0], prompt.vertical());
                    } catch (WarehouseException e) {
                        err.println("Error: " + Problem.visible(e.getMessage()));
                        err.flush();
                    }
                    buf.setLength(0);
                }
            }
            return Main.OK;
        } catch (IOException | WarehouseException e) {
            err.println("anyscope sql: " + e.getMessage());
            return Main.FAILED;
        }
    }
}
