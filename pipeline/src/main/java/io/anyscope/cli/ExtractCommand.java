package io.anyscope.cli;

import io.anyscope.analytics.Render;
import io.anyscope.analytics.Table;
import io.anyscope.catalog.Catalog;
import io.anyscope.cli.options.ThreadsOption;
import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.ExtractionException;
import io.anyscope.extract.Extractor;
import io.anyscope.extract.FileKinds;
import io.anyscope.extract.FileResult;
import io.anyscope.extract.FileSummary;
import io.anyscope.extract.Finding;
import io.anyscope.extract.Usage;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code anyscope extract PATH...}: prints the facts of files or directory trees, without git or Beam. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Print the facts anyscope finds in Python and configuration files.",
                "Directories are walked (skipping .git, __pycache__, node_modules, .tox and virtualenvs)."})
public final class ExtractCommand implements Callable<Integer> {
    enum Format { table, csv, jsonl }

    enum What { usages, config, files, findings }

    private static final Set<String> SKIP_DIRS = Set.of(".git", ".hg", ".svn", "__pycache__", "node_modules",
            ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".pytest_cache", "site-packages");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories.")
    List<Path> paths;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or jsonl (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--what", defaultValue = "usages",
            description = "usages (one row per fact), config (dependency/pytest/marker facts), files (one row per file) or "
                    + "findings (migration mistakes found by the rules of src/catalog/rules/mistakes.yaml).")
    What what;

    @Option(names = "--no-prefilter", description = "Parse every file, even those that never mention a tracked library.")
    boolean noPrefilter;

    @Option(names = "--max-file-size", defaultValue = "" + Extractor.DEFAULT_MAX_BYTES,
            description = "Skip files larger than this many bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<Path, String> files = new LinkedHashMap<>();
        int problems = 0;
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                err.println("anyscope: " + p + ": no such file or directory");
                problems++;
                continue;
            }
            if (Files.isDirectory(p)) {
                walk(p, files);
            } else {
                files.put(p, p.toString().replace('\\', '/'));
            }
        }
        Catalog catalog = Catalog.loadDefault();
        int n = threads.count();
        ThreadLocal<Extractor> extractors = ThreadLocal.withInitial(() -> new Extractor(catalog, !noPrefilter));
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Object>> results = new ArrayList<>();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            results.add(pool.submit(() -> extractOne(f.getKey(), f.getValue(), extractors.get())));
        }
        pool.shutdown();
        Output o = new Output(out);
        long facts = 0;
        int parsed = 0;
        int skipped = 0;
        for (Future<Object> fr : results) {
            Object r = fr.get();
            if (r instanceof String msg) {
                err.println("anyscope: " + msg);
                problems++;
                continue;
            }
            FileResult res = (FileResult) r;
            if (res.summary().prefiltered()) {
                skipped++;
            } else {
                parsed++;
            }
            facts += res.usages().size();
            o.write(res);
        }
        o.finish();
        err.printf("anyscope: %d files (%d parsed, %d skipped by the prefilter), %d usage facts, %d problems%n",
                files.size(), parsed, skipped, facts, problems);
        return problems > 0 ? Main.PARTIAL : Main.OK;
    }

    private Object extractOne(Path file, String display, Extractor x) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                return display + ": " + size + " bytes, over the " + maxBytes + "-byte cap; skipped";
            }
            String parser = FileKinds.parserFor(display);
            byte[] content = Files.readAllBytes(file);
            Extractor.checkReadable(display, parser, content);
            return x.extract(display, parser, content);
        } catch (ExtractionException e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            return display + ": cannot read: " + e;
        }
    }

    private static void walk(Path root, Map<Path, String> files) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && FileKinds.parserFor(file.getFileName().toString()) != null) {
                    files.put(file, file.toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        // Deterministic output whatever the file system's order.
        List<Map.Entry<Path, String>> sorted = new ArrayList<>(files.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        files.clear();
        sorted.forEach(e -> files.put(e.getKey(), e.getValue()));
    }

    static final String[] USAGE_COLUMNS = {"path", "line", "col", "end_line", "end_col", "kind", "context", "library",
        "symbol", "alias", "scope", "in_async", "derived", "rule_id", "category", "anyio_equivalent", "effort", "risk",
        "missing_name", "via", "via_name", "source_line"};
    static final String[] CONFIG_COLUMNS = {"path", "kind", "name", "value", "section", "line"};
    static final String[] FINDING_COLUMNS = {"path", "line", "col", "end_line", "end_col", "rule_id", "severity",
        "message", "fix", "source_line"};
    static final String[] FILE_COLUMNS = {"path", "file_type", "bytes", "lines", "encoding", "decode_error",
        "prefiltered", "parse_errors", "async_defs", "awaits", "async_withs", "async_fors", "usages", "config_facts"};

    /** Renders rows in the chosen format; tables are buffered to align columns. */
    private final class Output {
        final PrintWriter out;
        final List<Object[]> tableRows = new ArrayList<>();
        /** The columns as a list, for jsonl (built once, not per row). */
        final List<String> columnList = List.of(columns());
        CSVPrinter csv;

        Output(PrintWriter out) throws IOException {
            this.out = out;
            if (format == Format.csv) {
                csv = new CSVPrinter(out, Render.CSV.builder().setHeader(columns()).build());
            }
        }

        String[] columns() {
            return switch (what) {
                case usages -> USAGE_COLUMNS;
                case config -> CONFIG_COLUMNS;
                case files -> FILE_COLUMNS;
                case findings -> FINDING_COLUMNS;
            };
        }

        void write(FileResult r) throws IOException {
            String path = r.summary().path();
            switch (what) {
                case usages -> {
                    for (Usage u : r.usages()) {
                        row(new Object[] {path, u.line(), u.column(), u.endLine(), u.endColumn(), u.kind(),
                            u.context(), u.library(), u.symbol(), u.alias(), u.scope(), u.inAsync(), u.derived(),
                            u.ruleId(), u.category(), u.anyioEquivalent(), u.effort(), u.risk(), u.missingName(),
                            u.via(), u.viaName(), u.sourceLine()});
                    }
                }
                case config -> {
                    for (ConfigFact c : r.configFacts()) {
                        row(new Object[] {path, c.kind(), c.name(), c.value(), c.section(), c.line()});
                    }
                }
                case findings -> {
                    for (Finding f : r.findings()) {
                        row(new Object[] {path, f.line(), f.column(), f.endLine(), f.endColumn(), f.ruleId(),
                            f.severity(), f.message(), f.fix(), f.sourceLine()});
                    }
                }
                case files -> {
                    FileSummary s = r.summary();
                    row(new Object[] {path, s.fileType(), s.bytes(), s.lines(), s.encoding(), s.decodeError(),
                        s.prefiltered(), s.parseErrors(), s.asyncDefs(), s.awaits(), s.asyncWiths(), s.asyncFors(),
                        s.usages(), s.configFacts()});
                }
            }
        }

        void row(Object[] values) throws IOException {
            switch (format) {
                case csv -> csv.printRecord(values);
                case jsonl -> out.println(Render.jsonLine(columnList, java.util.Arrays.asList(values)));
                case table -> tableRows.add(values);
            }
        }

        void finish() throws IOException {
            if (csv != null) {
                csv.flush();
            }
            if (format == Format.table) {
                // The table view keeps the columns a person reads; csv/jsonl carry them all.
                String[] cols = columns();
                int[] keep = switch (what) {
                    case usages -> new int[] {0, 1, 2, 5, 6, 8, 10, 14, 16, 17, 19};
                    case findings -> new int[] {0, 1, 2, 5, 6, 9};
                    default -> java.util.stream.IntStream.range(0, cols.length).toArray();
                };
                List<String> header = java.util.Arrays.stream(keep).mapToObj(i -> cols[i]).toList();
                List<List<Object>> rows = new ArrayList<>(tableRows.size());
                for (Object[] r : tableRows) {
                    List<Object> cells = new ArrayList<>(keep.length);
                    for (int i : keep) {
                        cells.add(r[i]);
                    }
                    rows.add(cells);
                }
                out.print(SqlOutput.table(new Table(header, java.util.Collections.nCopies(header.size(), ""), rows), 0));
            }
            out.flush();
        }
    }
}
