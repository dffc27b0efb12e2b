package io.anyscope.cli;

import io.anyscope.bench.Corpus;
import io.anyscope.bench.HugeFiles;
import io.anyscope.catalog.Catalog;
import io.anyscope.cli.options.ThreadsOption;
import io.anyscope.extract.FileResult;
import io.anyscope.extract.PythonExtractor;
import io.anyscope.extract.PythonParser;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;
import org.treesitter.TSTreeCursor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code anyscope bench extract}: MB/s of raw tree-sitter parse + full walk, and of full extraction with and
 * without the byte prefilter, on the same files, using all cores; peak resident memory (heap and native).
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Benchmark extraction speed on a corpus (generated unless --corpus is given).")
public final class BenchExtractCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", description = "A directory of Python files (default: generate one under --work).")
    Path corpus;

    @Option(names = "--work", defaultValue = ".bench", description = "Where a generated corpus is kept (default: ${DEFAULT-VALUE}).")
    Path work;

    @Mixin
    CorpusOptions generated;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--phases", split = ",", defaultValue = "read,raw,full,prefilter",
            description = "Which measurements, in order (default: ${DEFAULT-VALUE}); 'huge' times generated one-line, "
                    + "minified and huge files one at a time instead of the corpus.")
    List<String> phases;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (phases.contains("huge")) {
            if (phases.size() > 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--phases huge runs on its own (it measures each file's peak memory)");
            }
            return huge(out);
        }
        List<Path> paths;
        if (corpus != null) {
            paths = Corpus.list(corpus);
        } else {
            Path dir = generated.dirUnder(work);
            out.printf("generating %d files under %s ...%n", generated.files(), dir);
            out.flush();
            paths = generated.generate(dir, 42);
        }
        long total = 0;
        for (Path p : paths) {
            total += Files.size(p);
        }
        int n = threads.count();
        out.printf("corpus: %d files, %.1f MB; threads: %d; max heap: %d MB%n", paths.size(), total / 1e6, n,
                Runtime.getRuntime().maxMemory() >> 20);
        ThreadLocal<PythonParser> raw = ThreadLocal.withInitial(PythonParser::new);
        raw.get(); // loads the native libraries, so that the next line can tell which C code parses
        out.printf("tree-sitter: %s; owned trees (freed at once): %s%n", AnyscopeTs.nativeInUse(), AnyscopeTs.FAST);
        out.printf("machine load before: %s%n", BenchScanCommand.load());
        out.printf("%-34s %8s %9s %9s %10s %12s %8s %10s%n", "phase", "seconds", "MB/s", "files/s", "facts",
                "peak RSS MB", "CPU s", "MB/CPU-s");
        Catalog catalog = Catalog.loadDefault();
        ThreadLocal<PythonExtractor> ex = ThreadLocal.withInitial(() -> new PythonExtractor(catalog));
        for (String phase : phases) {
            BiFunction<Path, byte[], Long> work = switch (phase) {
                case "read" -> (p, b) -> 0L;
                case "raw" -> (p, b) -> (long) parseAndWalk(raw.get(), b);
                case "parse" -> (p, b) -> (long) parseOnly(raw.get(), b);
                case "full" -> (p, b) -> (long) ex.get().extract(p.toString(), b, false).usages().size();
                case "prefilter" -> (p, b) -> {
                    FileResult r = ex.get().extract(p.toString(), b, true);
                    return (long) r.usages().size();
                };
                default -> throw new IllegalArgumentException("unknown phase " + phase);
            };
            String label = switch (phase) {
                case "read" -> "read files only";
                case "parse" -> "tree-sitter parse only";
                case "raw" -> "tree-sitter parse + full walk";
                case "full" -> "extraction, no prefilter";
                default -> "extraction with prefilter";
            };
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            long facts = run(paths, n, work);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - c0) / 1e9;
            out.printf("%-34s %8.2f %9.1f %9.0f %10s %12d %8.1f %10.1f%n", label, s, total / 1e6 / s,
                    paths.size() / s,
                    phase.equals("read") || phase.equals("raw") ? (phase.equals("raw") ? facts + " nodes" : "-")
                            : Long.toString(facts), peakRssMb(), cpu, total / 1e6 / cpu);
            out.flush();
        }
        return 0;
    }

    /**
     * Extraction of each generated pathological file on one thread: seconds, CPU seconds, facts and the peak RSS
     * while that file was extracted (the peak is reset before each file where /proc allows it).
     */
    private int huge(PrintWriter out) throws IOException {
        Path dir = work.resolve("huge");
        out.printf("generating pathological files under %s ...%n", dir);
        out.flush();
        List<HugeFiles.Sample> samples = HugeFiles.generate(dir);
        out.printf("max heap: %d MB; machine load before: %s%n", Runtime.getRuntime().maxMemory() >> 20,
                BenchScanCommand.load());
        Catalog catalog = Catalog.loadDefault();
        PythonExtractor ex = new PythonExtractor(catalog);
        ex.extract("warm-up.py", "import asyncio\nasyncio.sleep(1)\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.printf("%-28s %9s %8s %8s %10s %12s %s%n", "file", "MB", "seconds", "CPU s", "facts", "peak RSS MB",
                "peak reset");
        for (HugeFiles.Sample sample : samples) {
            byte[] b = Files.readAllBytes(sample.path());
            System.gc();
            boolean reset = resetPeakRss();
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            FileResult r = ex.extract(sample.path().toString(), b, true);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - c0) / 1e9;
            out.printf("%-28s %9.1f %8.2f %8.1f %10d %12d %s%n", sample.label(), b.length / 1e6, s, cpu,
                    r.usages().size(), peakRssMb(), reset ? "yes" : "no (process peak)");
            out.flush();
        }
        return 0;
    }

    /** Resets this process's peak RSS (Linux: writing 5 to clear_refs); false where that is not possible. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long run(List<Path> paths, int threads, BiFunction<Path, byte[], Long> work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong sum = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < paths.size()) {
                        Path p = paths.get(i);
                        try {
                            sum.addAndGet(work.apply(p, Files.readAllBytes(p)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return sum.get();
    }

    /** Parses through the extractor's own parser (one per thread, its read buffer reused for every file). */
    static int parseOnly(PythonParser parser, byte[] b) {
        try (AnyscopeTs.Tree tree = parser.parse(b)) {
            return tree.root().getChildCount();
        }
    }

    /** The naive approach: parse, then hand every node to Java once. */
    static int parseAndWalk(PythonParser parser, byte[] b) {
        try (AnyscopeTs.Tree tree = parser.parse(b)) {
            TSTreeCursor c = new TSTreeCursor(tree.root());
            int nodes = 0;
            while (true) {
                TSNode node = c.currentNode();
                if (node.getSymbol() >= 0) {
                    nodes++;
                }
                if (c.gotoFirstChild()) {
                    continue;
                }
                while (!c.gotoNextSibling()) {
                    if (!c.gotoParent()) {
                        return nodes;
                    }
                }
            }
        }
    }

    /**
     * CPU time of this whole process (all threads, GC and JIT included), from /proc: on a shared machine MB per
     * CPU-second moves less with other load than MB per wall-clock second.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** Peak resident set size of this process (heap, native and tree-sitter's memory), from /proc; -1 if unknown. */
    static long peakRssMb() {
        long kb = BenchScanCommand.hwmKb(Path.of("/proc/self/status"));
        return kb > 0 ? kb / 1024 : -1;
    }
}
