package io.anyscope.cli;

import io.anyscope.analytics.Warehouse;
import io.anyscope.bench.OrgDataSet;
import io.anyscope.data.Sql;
import io.anyscope.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anyscope bench report}: {@code report all} of an organisation-sized data set, each run a child JVM (wall time
 * with JVM start, its own peak RSS and CPU time): first cold (no materialised marts: the run builds them), then warm
 * (the marts reused). The data set is generated ({@link OrgDataSet}, cached under {@code --work}) unless
 * {@code --data} names one, e.g. a real repository's full-history scan.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark `report all` on an organisation-sized data set (generated unless --data is given).",
                "Prints wall time (JVM start included), CPU time, peak RSS and the largest pages, cold and warm."})
public final class BenchReportCommand implements Callable<Integer> {
    static final double TARGET_SECONDS = 20;
    static final long TARGET_RSS_MB = 1024;
    static final long TARGET_PAGE_BYTES = 3_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--repos", defaultValue = "200", description = "Repositories of the generated set (default: ${DEFAULT-VALUE}).")
    int repos;

    @Option(names = "--weeks", defaultValue = "150", description = "Weekly snapshots of the generated set (default: ${DEFAULT-VALUE}).")
    int weeks;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated set (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "A DATA directory to report on instead of the generated set (its marts are rebuilt for the cold run).")
    Path data;

    @Option(names = "--work", defaultValue = ".bench", description = "Where the generated set, reports and logs go (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--warm-runs", defaultValue = "1", description = "Warm runs after the cold one (default: ${DEFAULT-VALUE}).")
    int warmRuns;

    @Option(names = "--child-java-opts", description = "JVM options of the report processes (default: this JVM's own).")
    String childJavaOpts;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (repos < 1 || weeks < 1 || warmRuns < 0) {
            spec.commandLine().getErr().println("anyscope bench report: --repos and --weeks must be at least 1, "
                    + "--warm-runs at least 0");
            return Main.USAGE;
        }
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        Path set = data != null ? data : generated(out);
        out.printf("data set: %s; machine: %d cores, load %s; JVM options: %s%n", set,
                Runtime.getRuntime().availableProcessors(), BenchScanCommand.load(),
                String.join(" ", BenchChild.javaOpts(childJavaOpts)));
        Path reports = work.resolve("reports-bench");
        List<String> args = List.of("report", "all", "--data", set.toString(), "--out", reports.toString());
        out.println("  $ anyscope " + String.join(" ", args));
        out.flush();
        boolean ok = true;
        List<BenchChild.Result> results = new ArrayList<>();
        for (int i = 0; i <= warmRuns; i++) {
            String label = i == 0 ? "cold (builds the marts)" : "warm " + i + " (marts reused)";
            if (i == 0) {
                Warehouse.removeMarts(set);
            }
            Trees.delete(reports);
            BenchChild.Result r = BenchChild.run(BenchChild.command(childJavaOpts, args),
                    logs.resolve("report-" + i + ".out"), logs.resolve("report-" + i + ".err"), 100);
            results.add(r);
            ok &= r.exit() == 0;
            out.printf("  %-24s %7.1f s wall  CPU %6.1f s  peak RSS %5d MB  (exit %d; load %s)%n", label, r.wallS(),
                    r.cpuMs() / 1000.0, r.peakKb() / 1024, r.exit(), BenchScanCommand.load());
            if (i == 0) {
                slowestMarts(set.resolve("marts"), out);
            }
            out.flush();
        }
        Path largestHtml = largest(reports, ".html");
        Path largestMd = largest(reports, ".md");
        long htmlBytes = largestHtml == null ? 0 : Files.size(largestHtml);
        out.printf("  largest HTML page: %s, %,d bytes; largest Markdown: %s, %,d bytes%n",
                largestHtml == null ? "-" : reports.relativize(largestHtml), htmlBytes,
                largestMd == null ? "-" : reports.relativize(largestMd), largestMd == null ? 0 : Files.size(largestMd));
        out.println();
        out.println("targets (issue: report all on a 200-repository organisation):");
        for (BenchChild.Result r : results) {
            String which = r == results.get(0) ? "cold" : "warm";
            out.printf("  %s: < %.0f s %s (%.1f s); < %d MB peak RSS %s (%d MB)%n", which, TARGET_SECONDS,
                    verdict(r.wallS() < TARGET_SECONDS), r.wallS(), TARGET_RSS_MB,
                    verdict(r.peakKb() / 1024 < TARGET_RSS_MB), r.peakKb() / 1024);
        }
        out.printf("  largest HTML < 3 MB %s (%.2f MB)%n", verdict(htmlBytes < TARGET_PAGE_BYTES), htmlBytes / 1e6);
        out.println("reports: " + reports + "; logs: " + logs);
        return ok ? Main.OK : 1;
    }

    /** The generated set under --work, written once per shape and seed (a complete marker, as the bench repos). */
    private Path generated(PrintWriter out) throws IOException {
        Path dir = work.resolve("org-" + repos + "x" + weeks + "-" + seed);
        Path marker = dir.resolve(".anyscope-bench-complete");
        String complete = "complete, format " + OrgDataSet.FORMAT + "\n";
        if (!Files.exists(marker) || !Files.readString(marker).equals(complete)) {   // none, or an older generator's
            out.printf("generating %d repositories x %d weeks (seed %d) into %s ...%n", repos, weeks, seed, dir);
            out.flush();
            Trees.delete(dir);
            long t0 = System.nanoTime();
            OrgDataSet.Summary s = OrgDataSet.write(dir, new OrgDataSet.Options(repos, weeks, seed));
            out.printf("  %,d files rows, %,d usages rows in %.1f s%n", s.rows("files"), s.rows("usages"),
                    (System.nanoTime() - t0) / 1e9);
            Files.writeString(marker, complete);
        }
        return dir;
    }

    /** The cold run's five slowest marts, from the build log in the marts file it wrote. */
    private static void slowestMarts(Path marts, PrintWriter out) throws IOException, SQLException {
        Path file = largest(marts, ".duckdb");
        if (file == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("ATTACH " + Sql.literal(file.toString()) + " AS m (READ_ONLY)");
            try (ResultSet rs = s.executeQuery("SELECT mart, seconds, row_count, sum(seconds) OVER () FROM m."
                    + Warehouse.MARTS_BUILD_LOG + " ORDER BY seconds DESC LIMIT 5")) {
                StringBuilder line = new StringBuilder();
                double total = 0;
                while (rs.next()) {
                    line.append(String.format("%s %.1f s (%,d rows); ", rs.getString(1), rs.getDouble(2),
                            rs.getLong(3)));
                    total = rs.getDouble(4);
                }
                out.printf("    marts build %.1f s, slowest: %s%n", total, line.toString().replaceAll("; $", ""));
            }
        }
    }

    private static Path largest(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElse(null);
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
