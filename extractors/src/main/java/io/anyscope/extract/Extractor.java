package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import io.anyscope.catalog.PathClasses;
import io.anyscope.extract.config.ConfigExtractor;

import java.util.ArrayList;
import java.util.List;

/**
 * The extraction entry point: one file's path and bytes in, its facts out. Dispatches on {@link FileKinds}.
 * Not thread-safe (it owns a tree-sitter parser): use one per thread.
 */
public final class Extractor {
    /** Files larger than this are not read by default (generated or vendored code). */
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;

    private final PythonExtractor python;
    private final ConfigExtractor config;
    private final boolean prefilter;
    private final PathClasses pathClasses = PathClasses.loadDefault();

    public Extractor(Catalog catalog) {
        this(catalog, true);
    }

    public Extractor(Catalog catalog, boolean prefilter) {
        // One parser (and read buffer) for both sides: Python sources and setup.py.
        PythonParser parser = new PythonParser();
        this.python = new PythonExtractor(catalog, parser);
        this.config = new ConfigExtractor(parser);
        this.prefilter = prefilter;
    }

    public Catalog catalog() {
        return python.catalog();
    }

    /**
     * Refuses a file anyscope does not read: no parser for it ({@code unsupported}), or binary content
     * ({@code binary}, see {@link FileKinds#firstNul}). For bytes no reader has checked (files on disk); a scan's
     * blobs are checked as they are read ({@code BlobReader}).
     *
     * @throws ExtractionException when the file is of a kind anyscope does not read, or binary
     */
    public static void checkReadable(String path, String parser, byte[] content) throws ExtractionException {
        if (parser == null) {
            throw unsupported(path);
        }
        if (FileKinds.firstNul(content) >= 0) {
            throw new ExtractionException("binary", path + ": binary content (NUL byte), not read");
        }
    }

    private static ExtractionException unsupported(String path) {
        return new ExtractionException("unsupported", path + ": not a file anyscope reads");
    }

    /**
     * Extracts the facts of one file known only by its path and bytes: the parser is the path's
     * ({@link FileKinds#parserFor}), and the content is checked ({@link #checkReadable}) first.
     *
     * @throws ExtractionException when the file is binary or of a kind anyscope does not read
     */
    public FileResult extract(String path, byte[] content) throws ExtractionException {
        String parser = FileKinds.parserFor(path);
        checkReadable(path, parser, content);
        return extract(path, parser, content);
    }

    /**
     * Extracts the facts of one file with the parser its lister decided ({@link FileKinds#parserFor}), trusting it
     * and trusting the content to be text: the caller has checked it ({@link #checkReadable}, or a reader that
     * refuses binary content as a scan's does).
     *
     * @param parser one of the {@link FileKinds} parsers
     * @throws ExtractionException when {@code parser} is null (no parser for the file)
     */
    public FileResult extract(String path, String parser, byte[] content) throws ExtractionException {
        if (parser == null) {
            throw unsupported(path);
        }
        if (FileKinds.PYTHON.equals(parser)) {
            // The generated-code marker of the file's first lines (path_classes.yaml): a path rule cannot see it.
            FileResult r = python.extract(path, content, prefilter);
            String header = pathClasses.generatedHeader(content);
            return header == null ? r : new FileResult(r.summary().withGeneratedHeader(header), r.usages(),
                    r.configFacts(), r.problems());
        }
        ConfigExtractor.Result c = config.extract(parser, path, content);
        if (FileKinds.SETUP_PY.equals(parser)) {
            // setup.py is code and configuration at once: usage facts, markers, and literal install_requires.
            FileResult py = python.extract(path, content, prefilter);
            List<ConfigFact> facts = new ArrayList<>(py.configFacts());
            facts.addAll(c.facts());
            FileSummary s = py.summary();
            FileSummary merged = new FileSummary(s.path(), FileKinds.SETUP_PY, s.bytes(), s.lines(), s.encoding(),
                    s.decodeError(), s.prefiltered(), s.parseErrors(), s.asyncDefs(), s.awaits(), s.asyncWiths(),
                    s.asyncFors(), s.usages(), facts.size());
            List<Finding> findings = new ArrayList<>(py.findings());
            findings.addAll(python.rules().findConfig(c.facts(), content));
            return new FileResult(merged, py.usages(), facts, c.problems(), findings);
        }
        FileSummary s = new FileSummary(path, parser, content.length, PythonExtractor.countLines(content), "utf-8",
                false, false, null, null, null, null, null, 0, c.facts().size());
        return new FileResult(s, List.of(), c.facts(), c.problems(), python.rules().findConfig(c.facts(), content));
    }
}
