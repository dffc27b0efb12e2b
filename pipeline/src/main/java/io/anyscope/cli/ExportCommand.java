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
                + "export again after moving DATA or changing the catalog, weights or path rules."})
public final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataSetOptions dataSet;

    @Option(names = "--duckdb", required = true, paramLabel = "FILE", description = "The DuckDB database file to write.")
    Path duckdb;

    @Option(names = "--replace", description = "Replace FILE when it exists (default: refuse).")
    boolean replace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Warehouse w = dataSet.open(Warehouse.Access.exporting())) {
            ViewsExport.exportDuckDb(w, duckdb, replace);
            out.println("wrote " + duckdb.toAbsolutePath().normalize());
            out.flush();
            return Main.OK;
        } catch (WarehouseException e) {
            err.println("anyscope export: " + e.getMessage());
            return e.usage() ? Main.USAGE : Main.FAILED;
        }
    }
}
