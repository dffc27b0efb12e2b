package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
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
    private static final int BINARY_PROBE = 8192;

    private final PythonExtractor python;
    private final ConfigExtractor config;
    private final boolean prefilter;

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

    /** True when the first 8 KB hold a NUL byte: not text, whatever its name says. */
    public static boolean looksBinary(byte[] content) {
        int n = Math.min(content.length, BINARY_PROBE);
        for (int i = 0; i < n; i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Extracts the facts of one file.
     *
     * @throws ExtractionException when the file is binary or of a kind anyscope does not read
     */
    public FileResult extract(String path, byte[] content) throws ExtractionException {
        String parser = FileKinds.parserFor(path);
        if (parser == null) {
            throw new ExtractionException("unsupported", path + ": not a file anyscope reads");
        }
        if (looksBinary(content)) {
            throw new ExtractionException("binary", path + ": binary content (NUL byte), not read");
        }
        if (FileKinds.PYTHON.equals(parser)) {
            return python.extract(path, content, prefilter);
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
            return new FileResult(merged, py.usages(), facts, c.problems());
        }
        FileSummary s = new FileSummary(path, parser, content.length, PythonExtractor.countLines(content), "utf-8",
                false, false, null, null, null, null, null, 0, c.facts().size());
        return new FileResult(s, List.of(), c.facts(), c.problems());
    }
}
