package io.anyscope.cli.options;

import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Picocli mixin: the data set a command reads ({@code --data}), the effort weights it estimates with and the project
 * modules it takes for compatibility layers.
 */
public final class DataSetOptions {
    @Option(names = "--data", required = true, paramLabel = "DATA", description = "Data set directory (holds current/).")
    Path data;

    @Option(names = "--weights", paramLabel = "FILE", description = "Effort weights CSV (tier,minutes_per_site,minutes_per_file).")
    Path weights;

    @Option(names = "--compat-module", paramLabel = "MODULE=LIBRARY", converter = Values.CompatModule.class,
            description = "Take MODULE (dotted, e.g. rollouts.aio) for a compatibility layer of LIBRARY (e.g. anyio): "
                    + "names imported from it are LIBRARY's, whatever it re-exports. Repeatable.")
    List<String> compatModules = new ArrayList<>();

    /** Opens the data set over every repository and week, with what its SQL may touch on disk. */
    public Warehouse open(Warehouse.Access access) throws WarehouseException {
        return Warehouse.open(data, new Warehouse.Options(weights, null, null, null, null, null, null, compatModules),
                access);
    }

    /** Opens the data set read-only for the reports, narrowed to {@code scope}. */
    public Warehouse open(ScopeOptions scope) throws WarehouseException {
        return Warehouse.open(data, new Warehouse.Options(weights, scope.repo, scope.team, scope.since,
                scope.pathClasses, scope.churnWeeks, scope.velocityWeeks, compatModules),
                Warehouse.Access.forReports());
    }
}
