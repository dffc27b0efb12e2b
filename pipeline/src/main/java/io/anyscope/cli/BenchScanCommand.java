package io.anyscope.cli;

import io.anyscope.bench.Corpus;
import io.anyscope.bench.BenchRepos;
import io.anyscope.data.Sql;
import io.anyscope.data.Tables;
import io.anyscope.pipeline.ScanMetrics;
import io.anyscope.util.Trees;
import org.treesitter.AnyscopeTs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code anyscope bench scan}: end-to-end scan figures, side by side, each scan in its own child JVM (so each peak
 * RSS is its own and the wall time includes JVM and Beam start): a HEAD scan of a large corpus repository, HEAD and
 * weekly-history scans of a repository with a long history, an unchanged re-run and a re-run after one new commit,
 * {@code --history all} of it; a HEAD scan of a fleet of generated repositories shaped like real ones ({@link
 * BenchRepos#FLEET}), on 1 and on 2 workers, and the reports of its data set.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark end-to-end scans (HEAD, weekly history, incremental re-runs) against the targets.",
                "Repositories are generated (deterministic, cached under --work) unless given."})
public final class BenchScanCommand implements Callable<Integer> {
    /** How a child ({@link BenchChild}) starts its stderr line with peak RSS and CPU time. */
    public static final String STATS_PREFIX = "anyscope-bench-stats:";

    @Spec
    CommandSpec spec;

    @Mixin
    GeneratedHistoryOptions history;

    @Option(names = "--work", defaultValue = ".bench", description = "Where generated repositories, DATA dirs and logs go (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--corpus", description = "A directory of Python files for the HEAD scan (default: generate one).")
    Path corpus;

    @Option(names = "--head-repo", description = "A git repository to HEAD-scan instead of the corpus repository.")
    Path headRepo;

    @Option(names = "--files", defaultValue = "15000", description = "Files of the generated corpus (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--ast-grep", defaultValue = "ast-grep",
            description = "The ast-grep executable of phase ast-grep (default: ${DEFAULT-VALUE} on the PATH; "
                    + "npm install @ast-grep/cli).")
    String astGrep;

    @Option(names = "--history-repo", description = "A git repository for the history phases instead of the generated one (phase plus1 needs a branch 'plus1').")
    Path historyRepo;

    @Option(names = "--phases", split = ",",
            defaultValue = "head,history-head,weekly,rerun,plus1,all,fleet,fleet-1w,fleet-2w,report",
            description = "Phases to run, in order (default: ${DEFAULT-VALUE}; also ast-grep: ten ast-grep rules "
                    + "over the HEAD corpus, the yardstick of phase head).")
    List<String> phases;

    @Option(names = "--child-java-opts", description = "JVM options of the child processes (default: this JVM's "
            + "own, with the heap the launcher gives scan, -Xmx1g, for the scans).")
    String childJavaOpts;

    @Option(names = "--rounds", defaultValue = "1", description = "Run the phases this many times in turn, each "
            + "round printing its own table; the targets that compare two phases are then judged on their median over "
            + "the rounds (a shared machine's speed moves from minute to minute) (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--scan-args", description = "Extra arguments for every scan, space-separated (e.g. \"--buckets=8\").")
    String scanArgs;

    /** One measured child run. */
    record Run(String phase, String label, double wallS, long peakKb, long cpuMs, Map<String, Long> counters,
               String treeSitter, String loadBefore, String loadAfter, List<String> command, int exit,
               List<String> stageCpu) {
        long c(String k) {
            return counters.getOrDefault(k, 0L);
        }

        /** The child's CPU time over its wall time: 100 % is one core busy all along. */
        double cpuPercent() {
            return cpuMs < 0 || wallS <= 0 ? -1 : cpuMs / 10.0 / wallS;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rounds < 1) {
            spec.commandLine().getErr().println("anyscope bench scan: --rounds must be at least 1");
            return 2;
        }
        Files.createDirectories(work);
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        Path head = null;
        Path corpusDir = null;
        Path hist = null;
        String shape = "";
        List<Path> fleet = null;
        List<String> fleetShape = new ArrayList<>();
        for (String phase : phases) {
            switch (phase) {
                case "head" -> {
                    if (head == null) {
                        head = headRepo != null ? headRepo : corpusRepo(out);
                    }
                }
                case "ast-grep" -> {
                    if (headRepo != null && corpus == null) {
                        spec.commandLine().getErr().println("anyscope bench scan: phase ast-grep reads a directory of "
                                + "files: give --corpus with --head-repo, or neither");
                        return 2;
                    }
                    corpusDir = corpus != null ? corpus : generatedCorpus(out);
                }
                case "fleet", "fleet-1w", "fleet-2w", "report" -> {
                    if (fleet == null) {
                        fleet = new ArrayList<>();
                        long headFiles = 0;
                        for (BenchRepos.FleetRepo f : BenchRepos.FLEET) {
                            Path r = work.resolve("fleet-" + f.name() + ".git");
                            BenchRepos.HistoryShape s = BenchRepos.historyRepo(r, f.commits(), f.files(),
                                    f.meanBytes(), f.asyncShare(), history.seed, out);
                            fleet.add(r);
                            headFiles += s.headFiles();
                            fleetShape.add(String.format("%s %d commits, %d files (%.0f MB), async %.0f%%",
                                    f.name(), s.commits(), s.headFiles(), s.headBytes() / 1e6, 100 * f.asyncShare()));
                        }
                        fleetShape.add(0, headFiles + " files at HEAD in " + fleet.size() + " repositories");
                    }
                }
                case "history-head", "weekly", "rerun", "plus1", "all" -> {
                    if (hist == null) {
                        if (historyRepo != null) {
                            hist = historyRepo;
                        } else {
                            hist = history.repoUnder(work);
                            BenchRepos.HistoryShape s = history.generate(hist, out);
                            shape = String.format("generated: %d commits over %d days, %d files (%.0f MB) at the "
                                    + "tip, %d blobs in all", s.commits(), s.days(), s.headFiles(),
                                    s.headBytes() / 1e6, s.blobs());
                        }
                    }
                }
                default -> {
                    spec.commandLine().getErr().println("anyscope bench scan: unknown phase " + phase
                            + " (head, ast-grep, history-head, weekly, rerun, plus1, all, fleet, fleet-1w, fleet-2w, "
                            + "report)");
                    return 2;
                }
            }
        }
        scanCds = classDataArchive(out, logs);
        out.printf("machine: %d cores, load %s; child JVM options: %s%n", Runtime.getRuntime().availableProcessors(),
                load(), String.join(" ", javaOpts()));
        String preload = System.getenv("LD_PRELOAD");
        out.printf("LD_PRELOAD (passed to the children): %s%n", preload == null ? "(none)" : preload);
        if (!shape.isEmpty()) {
            out.println("history repository " + hist + ": " + shape);
        }
        if (fleet != null) {
            out.println("fleet: " + String.join("; ", fleetShape));
        }
        out.flush();
        List<Map<String, Run>> all = new ArrayList<>();
        boolean ok = true;
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                out.printf("%nround %d of %d%n", round, rounds);
                out.flush();
            }
            Map<String, Run> runs = round(out, logs, head, corpusDir, hist, fleet);
            table(out, runs);
            all.add(runs);
            ok &= runs.values().stream().allMatch(r -> r.exit() == 0);
        }
        if (rounds > 1) {
            medians(out, all);
        }
        return ok ? 0 : 1;
    }

    /**
     * The targets that compare two phases' wall times, for each round's table and for the medians of the rounds:
     * name, the short name in a round's list of verdicts, numerator and denominator phases, the phase whose table row
     * shows the comparison, how that row relates the two, the scale, the printed unit and the bound that meets the
     * target.
     */
    private record Comparison(String name, String shortName, String num, String den, String row, String relation,
                              double scale, String unit, String target, java.util.function.DoublePredicate met) {

        /** Its value in one round, or null when either phase did not run or failed. */
        Double value(Map<String, Run> runs) {
            Run a = runs.get(num);
            Run b = runs.get(den);
            return a != null && b != null && a.exit() == 0 && b.exit() == 0 && b.wallS() > 0
                    ? scale * a.wallS() / b.wallS() : null;
        }

        String format(double v) {
            return String.format(unit.equals("%") ? "%.0f%%" : "%.2fx", v);
        }
    }

    private static final List<Comparison> COMPARISONS = List.of(
            new Comparison("HEAD scan vs ast-grep", "HEAD scan vs ast-grep", "head", "ast-grep", "ast-grep",
                    "1 / 1b", 1, "x", "<= 0.3x", v -> v <= 0.3),
            new Comparison("weekly history vs its HEAD scan", "weekly history", "weekly", "history-head", "weekly",
                    "2b / 2a", 1, "x", "< 2x", v -> v < 2),
            new Comparison("unchanged re-run, share of the weekly scan", "unchanged re-run", "rerun", "weekly",
                    "rerun", "3 / 2b", 100, "%", "<= 5%", v -> v <= 5),
            new Comparison("2 workers' speed-up over 1", "2 workers", "fleet-1w", "fleet-2w", "fleet-2w", "6a / 6b",
                    1, "x", ">= 1.8x", v -> v >= 1.8),
            new Comparison("report all, share of its scan", "report", "report", "fleet", "report", "7 / 6", 100, "%",
                    "<= 15%", v -> v <= 15));

    /** Per comparison whose two phases ran: its value in each round and its median, judged against the target. */
    private static void medians(PrintWriter out, List<Map<String, Run>> all) {
        out.printf("%nover %d rounds (median; each round's value in brackets):%n", all.size());
        for (Comparison c : COMPARISONS) {
            List<Double> values = all.stream().map(c::value).filter(java.util.Objects::nonNull).toList();
            if (values.isEmpty()) {
                continue;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            out.printf("  %-45s %s [%s]  %s%n", c.name(), c.format(median),
                    values.stream().map(c::format).collect(Collectors.joining(" ")),
                    verdict(c.met().test(median), c.target()));
        }
        out.flush();
    }

    /** One round: every phase in order, each printed as it ends. */
    private Map<String, Run> round(PrintWriter out, Path logs, Path head, Path corpusDir, Path hist, List<Path> fleet)
            throws IOException, InterruptedException {
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String phase : phases) {
            if (phase.equals("ast-grep") && astGrepMissing()) {
                out.println("  1b ast-grep: skipped, " + quote(astGrep) + " does not run (npm install @ast-grep/cli, "
                        + "then --ast-grep node_modules/.bin/ast-grep)");
                out.flush();
                continue;
            }
            Run r = switch (phase) {
                case "head" -> scan(phase, "1 HEAD scan, corpus repo", List.of(head), "head", null, true, logs);
                case "ast-grep" -> astGrep(phase, corpusDir, logs);
                case "history-head" -> scan(phase, "2a HEAD scan, history repo", List.of(hist), "head", null, true,
                        logs);
                case "weekly" -> scan(phase, "2b weekly history", List.of(hist), "weekly", null, true, logs);
                case "rerun" -> scan(phase, "3 unchanged re-run of 2b", List.of(hist), "weekly", null,
                        !runs.containsKey("weekly"), logs);
                case "plus1" -> scan(phase, "4 re-run after 1 new commit", List.of(hist), "weekly",
                        BenchRepos.PLUS_ONE, !runs.containsKey("weekly") && !runs.containsKey("rerun"), logs);
                case "all" -> scan(phase, "5 --history all, history repo", List.of(hist), "all", null, true, logs);
                case "fleet" -> scan(phase, "6 HEAD scan, fleet", fleet, "head", null, true, logs);
                case "fleet-1w" -> scan(phase, "6a fleet, 1 worker", fleet, "head", null, true, logs,
                        "--targetParallelism=1");
                case "fleet-2w" -> scan(phase, "6b fleet, 2 workers", fleet, "head", null, true, logs,
                        "--targetParallelism=2");
                default -> report(phase, "7 report all, fleet data", runs.containsKey("fleet") ? "fleet"
                        : runs.containsKey("fleet-2w") ? "fleet-2w" : "fleet-1w", fleet, logs);
            };
            runs.put(phase, r);
            out.printf("  %-30s %7.1f s  peak RSS %5d MB  CPU %6.1f s (%3.0f%%)  (exit %d; load %s)%n", r.label(),
                    r.wallS(), r.peakKb() / 1024, r.cpuMs() / 1000.0, r.cpuPercent(), r.exit(), r.loadAfter());
            out.flush();
        }
        return runs;
    }

    /** The generated HEAD corpus directory, written unless a run already wrote it (Corpus.generate's marker). */
    private Path generatedCorpus(PrintWriter out) throws IOException {
        Path dir = work.resolve("corpus-" + files + "-" + history.meanBytes);
        out.printf("corpus: %d files under %s%n", files, dir);
        out.flush();
        Corpus.generate(dir, files, history.meanBytes, history.asyncShare, history.seed);
        return dir;
    }

    /** Whether {@code --ast-grep --version} fails to run. */
    private boolean astGrepMissing() {
        try {
            Process p = new ProcessBuilder(astGrep, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return !p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * ast-grep's scan of the HEAD corpus with the ten rules of {@code ast-grep-rules.yml}, on as many threads as the
     * machine has cores (the yardstick: "ast-grep's 10-rule scan of the same files with -j2"). Its matches
     * (one JSON line each) are counted as {@code matches}.
     */
    private Run astGrep(String phase, Path dir, Path logs) throws IOException, InterruptedException {
        Path config = work.resolve("ast-grep");
        Files.createDirectories(config.resolve("rules"));
        try (var in = BenchScanCommand.class.getResourceAsStream("/io/anyscope/bench/ast-grep-rules.yml")) {
            Files.write(config.resolve("rules").resolve("legacy-async.yml"), in.readAllBytes());
        }
        Files.writeString(config.resolve("sgconfig.yml"), "ruleDirs:\n  - rules\n");
        Run r = measure(phase, "1b ast-grep, 10 rules, corpus", List.of(astGrep, "scan", "-c",
                config.resolve("sgconfig.yml").toAbsolutePath().toString(), "-j",
                Integer.toString(Runtime.getRuntime().availableProcessors()), "--json=stream",
                dir.toAbsolutePath().normalize().toString()), null, logs);
        long matches;
        try (var lines = Files.lines(logs.resolve(phase + ".out"))) {
            matches = lines.count();
        }
        Map<String, Long> c = new LinkedHashMap<>(r.counters());
        c.put("matches", matches);
        return new Run(r.phase(), r.label(), r.wallS(), r.peakKb(), r.cpuMs(), c, "ast-grep's own", r.loadBefore(),
                r.loadAfter(), r.command(), r.exit(), r.stageCpu());
    }

    private Path corpusRepo(PrintWriter out) throws IOException {
        Path dir = corpus != null ? corpus : generatedCorpus(out);
        String name = corpus == null ? "corpus-" + files + "-" + history.meanBytes
                : "corpus-" + Integer.toHexString(dir.toAbsolutePath().normalize().toString().hashCode());
        return BenchRepos.headRepo(work.resolve(name + ".git"), dir, out);
    }

    /**
     * The JVM options of the scan children: this JVM's own (the launcher's) with the heap the launcher gives
     * {@code scan} (system property {@code anyscope.scan.heap}, set by the launcher), or --child-java-opts.
     */
    private List<String> javaOpts() {
        return BenchChild.javaOpts(scanJavaOpts());
    }

    private String scanJavaOpts() {
        return childJavaOpts != null ? childJavaOpts : System.getProperty("anyscope.scan.heap");
    }

    private static final String WORKERS = "--targetParallelism=";
    private static final String TASKSET = "/usr/bin/taskset";

    /** The command of a child: this JVM's java and class path, {@link BenchChild}, then {@code args}. */
    private List<String> child(List<String> args) {
        boolean scan = args.get(0).equals("scan");
        List<String> cmd = BenchChild.command(scan ? scanJavaOpts() : childJavaOpts, args);
        if (scan && !scanCds.isEmpty()) {
            cmd.addAll(1, scanCds);
        }
        return cmd;
    }

    /** The JVM options that map scan's class-data archive into the scan children ({@link #classDataArchive}). */
    private List<String> scanCds = List.of();

    /** System property the launcher sets for bench: the class-data archive {@code ./anyscope scan} maps. */
    static final String CDS_PROPERTY = "anyscope.cds.scan";

    /**
     * The scan children start as {@code ./anyscope scan} does: with the launcher's application class-data archive
     * for scan mapped (system property {@value #CDS_PROPERTY}). When this build of the jar has none yet, the launcher
     * itself makes it, as it makes it for a user, by an untimed {@code ./anyscope scan} of a small generated
     * repository. Without the launcher (or with {@code ANYSCOPE_CDS=0}, where it sets no property) the children load
     * every class from the jar. Returns the JVM options to add, or none when the archive cannot be had (one line says
     * why).
     */
    private List<String> classDataArchive(PrintWriter out, Path logs) throws IOException, InterruptedException {
        String archive = System.getProperty(CDS_PROPERTY);
        if (archive == null || archive.isBlank()) {
            return List.of();
        }
        Path jsa = Path.of(archive);
        if (!Files.isRegularFile(jsa)) {
            out.println("class-data archive for the scan children (untimed, as ./anyscope scan makes it): " + jsa);
            String home = System.getProperty("anyscope.home");
            if (home == null) {
                out.println("  not made (no launcher: this JVM was not started by ./anyscope): the scan children "
                        + "load every class from the jar");
                return List.of();
            }
            Path tiny = work.resolve("cds-warmup.git");
            BenchRepos.historyRepo(tiny, 12, 40, 3_000, 0.5, history.seed, out);
            Path data = work.resolve("data-cds-warmup");
            Trees.delete(data);
            List<String> cmd = List.of(Path.of(home, "anyscope").toString(), "scan", "--no-progress", "--out",
                    data.toString(), "--history", "weekly", tiny.toString());
            out.println("  $ " + cmd.stream().map(BenchScanCommand::quote).collect(Collectors.joining(" ")));
            out.flush();
            BenchChild.Result r = BenchChild.run(cmd, logs.resolve("cds-warmup.out"), logs.resolve("cds-warmup.err"),
                    100);
            Trees.delete(data);
            if (r.exit() != 0 || !Files.isRegularFile(jsa)) {
                out.println("  not made (exit " + r.exit() + "; " + logs.resolve("cds-warmup.err") + "): the scan "
                        + "children load every class from the jar");
                return List.of();
            }
        }
        return List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** {@code report all} of the data set a fleet phase wrote, in a child. */
    private Run report(String phase, String label, String dataOf, List<Path> fleet, Path logs)
            throws IOException, InterruptedException {
        Path data = work.resolve("data-" + dataOf);
        if (!Files.isDirectory(data.resolve("current"))) {
            scan(dataOf, "(the fleet's data set)", fleet, "head", null, true, logs);
        }
        Path reports = work.resolve("reports-" + dataOf);
        Trees.delete(reports);
        return measure(phase, label, child(List.of("report", "all", "--data", data.toString(), "--out",
                reports.toString())), null, logs);
    }

    private Run scan(String phase, String label, List<Path> repos, String history, String branch, boolean fresh,
                     Path logs, String... beam) throws IOException, InterruptedException {
        Path data = work.resolve("data-" + (phase.equals("rerun") || phase.equals("plus1") ? "weekly" : phase));
        if (fresh) {
            Trees.delete(data);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("scan");
        cmd.add("--no-progress");
        cmd.add("--verbose");
        cmd.add("--out");
        cmd.add(data.toString());
        cmd.add("--history");
        cmd.add(history);
        if (branch != null) {
            cmd.add("--branch");
            cmd.add(branch);
        }
        if (scanArgs != null && !scanArgs.isBlank()) {
            cmd.addAll(List.of(scanArgs.trim().split("\\s+")));
        }
        cmd.addAll(List.of(beam));
        repos.forEach(r -> cmd.add(r.toAbsolutePath().normalize().toString()));
        List<String> command = child(cmd);
        for (String b : beam) {
            if (b.startsWith(WORKERS)) {
                command = onCores(Integer.parseInt(b.substring(WORKERS.length())), command);
            }
        }
        return measure(phase, label, command, data, logs);
    }

    /**
     * {@code command} run on the first {@code n} cores ({@code taskset -c 0-N}) when the machine has more: N workers
     * are N cores. {@code --targetParallelism} bounds Beam's bundles, not the threads that parse, read and collect
     * (a 1-worker fleet scan ran at 184 % CPU on 2 cores: 23.6 s, against 25.3 s with 2 workers).
     */
    static List<String> onCores(int n, List<String> command) {
        if (n >= Runtime.getRuntime().availableProcessors() || !Files.isExecutable(Path.of(TASKSET))) {
            return command;
        }
        List<String> pinned = new ArrayList<>(List.of(TASKSET, "-c", n == 1 ? "0" : "0-" + (n - 1)));
        pinned.addAll(command);
        return pinned;
    }

    /** Runs one child, printing its command line first; its wall time, peak RSS, CPU time and counters. */
    private Run measure(String phase, String label, List<String> cmd, Path data, Path logs)
            throws IOException, InterruptedException {
        PrintWriter console = spec.commandLine().getOut();
        console.println("  $ " + cmd.stream().map(BenchScanCommand::quote).collect(Collectors.joining(" ")));
        console.flush();
        Path stdout = logs.resolve(phase + ".out");
        Path stderr = logs.resolve(phase + ".err");
        String before = load();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Process p = pb.start();
        long polledKb = 0;
        long polledTicks = -1;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            polledKb = Math.max(polledKb, hwmKb(Path.of("/proc", Long.toString(p.pid()), "status")));
            polledTicks = Math.max(polledTicks, cpuTicks(Path.of("/proc", Long.toString(p.pid()), "stat")));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> counters = new LinkedHashMap<>();
        long peakKb = polledKb;
        long cpuMs = polledTicks < 0 ? -1 : polledTicks * 10;   // a child that prints no stats: its last poll
        String ts = "?";
        if (data != null) {
            counters.putAll(runCounters(data, startedAt));
        }
        for (String line : Files.readAllLines(stderr)) {
            if (line.startsWith(STATS_PREFIX)) {
                Map<String, String> kv = pairs(line.substring(STATS_PREFIX.length()));
                peakKb = Math.max(peakKb, Long.parseLong(kv.getOrDefault("peak_rss_kb", "0")));
                cpuMs = Long.parseLong(kv.getOrDefault("cpu_ms", "-1"));
                ts = kv.getOrDefault("tree_sitter", "?");
            }
        }
        if (phase.equals("weekly") || phase.equals("rerun") || phase.equals("plus1") || phase.equals("all")) {
            counters.putAll(pairsIn(data));
        }
        return new Run(phase, label, wall, peakKb, cpuMs, counters, ts, before, load(), cmd, p.exitValue(),
                stageCpu(Files.readAllLines(stdout)));
    }

    /** The "CPU by stage" lines a child's {@code scan --verbose} printed ({@link io.anyscope.pipeline.StageCpu}). */
    static List<String> stageCpu(List<String> stdout) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : stdout) {
            in |= line.contains("CPU by stage");
            if (in) {
                out.add(line);
                if (line.trim().startsWith("other ")) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The counters of the run a child recorded in DATA's runs table (the newest run started after {@code since},
     * epoch milliseconds); none when it recorded none (a run that failed as a whole).
     */
    static Map<String, Long> runCounters(Path data, long since) {
        Map<String, Long> m = new LinkedHashMap<>();
        Path runs = data.resolve("current").resolve(Tables.RUNS);
        if (!Files.isDirectory(runs)) {
            return m;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + Sql.literal(runs + "/*.parquet")
                     + ") WHERE epoch_ms(started_at) >= " + since + " ORDER BY started_at DESC LIMIT 1")) {
            if (rs.next()) {
                for (String k : ScanMetrics.COUNTERS) {
                    try {
                        m.put(k, rs.getLong(k));
                    } catch (SQLException absent) {
                        // a counter the runs table does not keep (failed_inputs)
                    }
                }
            }
        } catch (SQLException e) {
            return m;
        }
        return m;
    }

    /** (snapshot, file) pairs and distinct blobs of the current generation of DATA. */
    private static Map<String, Long> pairsIn(Path data) {
        Map<String, Long> m = new LinkedHashMap<>();
        Path cur = data.resolve("current");
        if (!Files.exists(cur)) {
            return m;
        }
        String s = Sql.literal(cur.resolve(Tables.SNAPSHOTS) + "/*.parquet");
        String f = Sql.literal(cur.resolve(Tables.FILES) + "/*.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (f.blob_id, f.parser)), "
                     + "count(DISTINCT s.commit_id) FROM read_parquet(" + s + ") s JOIN read_parquet(" + f
                     + ") f ON s.repo_id = f.repo_id AND s.commit_id = f.commit_id")) {
            rs.next();
            m.put("pairs", rs.getLong(1));
            m.put("pair_blobs", rs.getLong(2));
            m.put("snapshot_commits", rs.getLong(3));
        } catch (SQLException e) {
            m.put("pairs", -1L);
        }
        return m;
    }

    private static Map<String, String> pairs(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : s.trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private void table(PrintWriter out, Map<String, Run> runs) {
        out.println();
        out.printf("%-30s %7s %7s %8s %6s %7s %9s %8s %7s %7s %6s %5s %-22s %s%n", "phase", "wall s", "MB/s", "files/s",
                "snaps", "commits", "pairs", "blobs", "MB read", "RSS MB", "CPU s", "CPU%", "vs", "target");
        Run head = runs.get("head");
        Run weekly = runs.get("weekly");
        List<String> verdicts = new ArrayList<>();
        for (Run r : runs.values()) {
            double mb = r.c("bytes") / 1e6;
            String vs = "";
            String target = "";
            if (r.phase().equals("head")) {
                target = verdict(r.wallS() < 30, "< 30 s");
                verdicts.add("HEAD scan " + target);
            } else if (r.phase().equals("plus1") && weekly != null) {
                vs = String.format("%.0f%% of 2b", 100 * r.wallS() / weekly.wallS());
            }
            for (Comparison c : COMPARISONS) {
                Double v = c.row().equals(r.phase()) ? c.value(runs) : null;
                if (v != null) {
                    vs = c.format(v) + " = " + c.relation();
                    target = verdict(c.met().test(v), c.target());
                    Run a = runs.get(c.num());
                    Run b = runs.get(c.den());
                    verdicts.add(c.shortName() + " " + target + String.format(" (%s; CPU-s %.1f vs %.1f)",
                            c.format(v), a.cpuMs() / 1000.0, b.cpuMs() / 1000.0));
                }
            }
            long pairs = r.counters().getOrDefault("pairs", r.c("files"));
            out.printf("%-30s %7.1f %7.1f %8.0f %6d %7s %9d %8d %7.0f %7d %6.1f %5.0f %-22s %s%n", r.label(),
                    r.wallS(), mb / r.wallS(), r.c("files") / r.wallS(), r.c("snapshots"),
                    r.counters().containsKey("snapshot_commits") ? Long.toString(r.c("snapshot_commits")) : "1",
                    pairs, r.c("distinct_blobs"), mb, r.peakKb() / 1024, r.cpuMs() / 1000.0, r.cpuPercent(), vs,
                    target);
        }
        long maxRss = runs.values().stream().mapToLong(Run::peakKb).max().orElse(0) / 1024;
        verdicts.add("peak memory " + verdict(maxRss <= 1536, "<= 1.5 GB") + " (max " + maxRss + " MB)");
        out.println();
        out.println("columns: files/s = files listed (rows of the files table written) per second; pairs = "
                + "(snapshot, file) pairs in DATA; blobs = distinct (blob, parser) read and extracted by the run; "
                + "MB read = their bytes; RSS = the child JVM's VmHWM; CPU = the child's user + system seconds, "
                + "CPU% = CPU over wall (100 = one core; the machine may be shared: see load). "
                + "Phase 4 scans branch " + BenchRepos.PLUS_ONE + " (the tip and one more commit) into 2b's DATA.");
        if (head != null) {
            out.println("head: " + head.c("files") + " files, " + head.c("parsed_blobs") + " parsed, "
                    + head.c("prefiltered_blobs") + " skipped by the prefilter, " + head.c("facts") + " facts");
        }
        Run sg = runs.get("ast-grep");
        if (sg != null) {
            out.println("ast-grep: " + sg.c("matches") + " matches of its 10 rules (syntax only: no imports or aliases "
                    + "resolved); the HEAD scan wrote " + (head == null ? "-" : Long.toString(head.c("facts")))
                    + " facts");
        }
        if (weekly != null) {
            out.println("weekly: files rows written " + weekly.c("files") + " for " + weekly.c("snapshot_commits")
                    + " distinct snapshot commits; distinct blobs in the pairs " + weekly.c("pair_blobs"));
        }
        for (Run r : runs.values()) {
            if (!r.stageCpu().isEmpty()) {
                out.println();
                out.println(r.label() + ":");
                r.stageCpu().forEach(out::println);
            }
        }
        out.println();
        out.println("tree-sitter in the children: " + runs.values().stream().map(Run::treeSitter).distinct()
                .collect(Collectors.joining("; ")));
        out.println("load: " + load() + "   targets: " + String.join(", ", verdicts));
        out.println();
        out.println("reproduce one phase (its DATA is " + work + "/data-<phase>; delete it for a fresh run):");
        String preload = System.getenv("LD_PRELOAD");
        for (Run r : runs.values()) {
            out.println("  # " + r.label());
            out.println("  " + (preload == null ? "" : "LD_PRELOAD=" + preload + " ") + r.command().stream()
                    .map(BenchScanCommand::quote).collect(Collectors.joining(" ")));
        }
        out.flush();
    }

    private static String verdict(boolean ok, String target) {
        return target + (ok ? " ok" : " MISSED");
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./=:,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The machine's 1, 5 and 15 minute load averages (/proc/loadavg), or "unknown". */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static long hwmKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** A process's user + system CPU in clock ticks (1/100 s) from /proc/PID/stat, or -1. */
    static long cpuTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");   // from field 3, state; the name may hold spaces
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);           // fields 14 and 15: utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Printed by a child ({@link BenchChild}) at exit, from its shutdown hook. */
    public static void printChildStats() {
        long cpu = BenchExtractCommand.processCpuNanos() / 1_000_000;
        String ts = AnyscopeTs.nativeInUse().startsWith("optimised") ? "o2-preloaded" : "bonede-O0";
        System.err.println(STATS_PREFIX + " peak_rss_kb=" + hwmKb(Path.of("/proc/self/status")) + " cpu_ms=" + cpu
                + " tree_sitter=" + ts);
        System.err.flush();
    }
}
