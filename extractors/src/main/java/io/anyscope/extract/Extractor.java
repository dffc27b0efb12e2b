package io.anyscope.extract;

import io.anyscope.catalog.Catalog;

/**
 * The extraction entry point: one file's path and bytes in, its facts out. Dispatches on {@link FileKinds}.
 * Not thread-safe (it owns a tree-sitter parser): use one per thread.
 */
public final class Extractor {
    /** Files larger than this are not read by default (generated or vendored code). */
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    private static final int BINARY_PROBE = 8192;

    private final PythonExtractor python;
    private final boolean prefilter;

    public Extractor(Catalog catalog) {
        this(catalog, true);
    }

    public Extractor(Catalog catalog, boolean prefilter) {
        this.python = new PythonExtractor(catalog);
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
        if (FileKinds.isPython(parser)) {
            return python.extract(path, content, prefilter);
        }
        throw new ExtractionException("unsupported", path + ": no extractor for " + parser + " yet");
    }
}
