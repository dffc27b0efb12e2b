package io.anyscope.extract;

import org.treesitter.AnyscopeTs;
import org.treesitter.TSParser;
import org.treesitter.TreeSitterPython;

/**
 * A tree-sitter Python parser as anyscope uses it everywhere: trees through {@link AnyscopeTs#parse} (owned, freed by
 * the caller's {@code close} at once rather than by the garbage collector), the source handed to tree-sitter through
 * one read buffer reused for every file.
 *
 * <p>Not thread-safe: use one per thread and reuse it for many files.
 */
public final class PythonParser {
    /** Size of the buffer tree-sitter reads the source through. */
    static final int READ_CHUNK = 64 * 1024;

    private final TSParser parser = new TSParser();
    private final TreeSitterPython language = new TreeSitterPython();
    private final byte[] chunk = new byte[READ_CHUNK];

    public PythonParser() {
        parser.setLanguage(language);
    }

    /**
     * The numeric id of a field of the Python grammar (resolve once, then ask nodes with
     * {@link AnyscopeTs#childByFieldId}).
     *
     * @throws IllegalStateException when the grammar has no such field
     */
    public int fieldId(String name) {
        int id = language.fieldIdForName(name);
        if (id <= 0) {
            throw new IllegalStateException("tree-sitter-python has no field " + name);
        }
        return id;
    }

    /**
     * Parses UTF-8 source. The caller closes the tree as soon as it is done with it (try-with-resources), and uses
     * none of its nodes after that.
     *
     * @param utf8 the source (read during this call only)
     * @return the tree, or {@code null} if tree-sitter gave none
     */
    public AnyscopeTs.Tree parse(byte[] utf8) {
        return AnyscopeTs.parse(parser, chunk, (buf, offset, point) -> {
            int n = Math.min(buf.length, utf8.length - offset);
            if (n <= 0) {
                return 0;
            }
            System.arraycopy(utf8, offset, buf, 0, n);
            return n;
        });
    }
}
