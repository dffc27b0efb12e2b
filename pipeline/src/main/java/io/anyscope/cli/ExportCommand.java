package io.anyscope.cli;

import io.anyscope.analytics.ViewsExport;
import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import io.anyscope.cli.options.DataSetOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code anyscope export --data DATA --duckdb FILE}: a DuckDB database with the views, for any DuckDB client. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a DuckDB database file with every anyscope view (over the Parquet files of "
                + "DATA/current/, by absolute path), the ref_ tables (rows copied) and the descriptions (COMMENT ON), "
                + "for the DuckDB CLI, Python, DBeaver or Grafana's DuckDB plugin.",
            "The views read the data set when queried: a later scan into DATA shows up without exporting again; "
                + "export again after moving DATA or changing the catalog, weights or path rules. With --with-marts "
                + "the marts are stored in FILE instead: fast on a long history, as of the export."})
public final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataSetOptions dataSet;

    @Option(names = "--duckdb", required = true, paramLabel = "FILE", description = "The DuckDB database file to write.")
    Path duckdb;

    @Option(names = "--replace", description = "Replace FILE when it exists (default: refuse).")
    boolean replace;

    @Option(names = "--with-marts", description = {"Store the materialised marts in FILE as tables (schema "
            + ViewsExport.MARTS_SCHEMA + "), built first when need be (into the user's cache, not DATA), and point "
            + "their views at them: queries answer at once instead of computing every snapshot's joins from the "
            + "Parquet files, and show DATA as it was when exported (export again after a scan)."})
    boolean withMarts;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (withMarts) {
                ViewsExport.requireMarts();   // before opening: with marts off, opening binds every view (~30 s)
            }
            try (Warehouse w = dataSet.open(withMarts ? Warehouse.Access.free() : Warehouse.Access.exporting())) {
                ViewsExport.exportDuckDb(w, duckdb, replace, withMarts);
            }
            out.println("wrote " + duckdb.toAbsolutePath().normalize());
            out.flush();
            return Main.OK;
        } catch (WarehouseException e) {
            err.println("anyscope export: " + e.getMessage());
            return e.usage() ? Main.USAGE : Main.FAILED;
        }
    }
}
