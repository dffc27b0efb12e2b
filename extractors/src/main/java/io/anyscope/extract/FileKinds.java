package io.anyscope.extract;

import java.util.Locale;

/**
 * Which files anyscope reads, and with which parser. The one place that decides it: the history walker lists the
 * files it names, the extractor dispatches on the same answer.
 */
public final class FileKinds {
    public static final String PYTHON = "python";
    public static final String SETUP_PY = "setup_py";
    public static final String PYPROJECT = "pyproject";
    public static final String SETUP_CFG = "setup_cfg";
    public static final String REQUIREMENTS = "requirements";
    public static final String PYTEST_INI = "pytest_ini";
    public static final String TOX_INI = "tox_ini";
    /** How many leading bytes are searched for a NUL: content with one there is binary, whatever its name says. */
    public static final int BINARY_PROBE = 8192;

    private FileKinds() {
    }

    /**
     * The parser for a repository-relative path ({@code /} separators), or {@code null} when anyscope does not read
     * the file. {@code setup.py} is Python code and a configuration file at once: its parser runs both.
     */
    public static String parserFor(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("setup.py")) {
            return SETUP_PY;
        }
        if (lower.endsWith(".py") || lower.endsWith(".pyi")) {
            return PYTHON;
        }
        switch (lower) {
            case "pyproject.toml":
                return PYPROJECT;
            case "setup.cfg":
                return SETUP_CFG;
            case "pytest.ini":
                return PYTEST_INI;
            case "tox.ini":
                return TOX_INI;
            default:
                break;
        }
        if (lower.endsWith(".txt")) {
            if (lower.startsWith("requirements") || lower.endsWith("-requirements.txt")
                    || lower.endsWith("_requirements.txt")) {
                return REQUIREMENTS;
            }
            String dir = slash < 0 ? "" : path.substring(0, slash);
            String parent = dir.substring(dir.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (parent.equals("requirements")) {
                return REQUIREMENTS;
            }
        }
        return null;
    }

    /** Offset of the first NUL byte within the first {@value #BINARY_PROBE} bytes (binary content), or -1 (text). */
    public static int firstNul(byte[] content) {
        int n = Math.min(content.length, BINARY_PROBE);
        for (int i = 0; i < n; i++) {
            if (content[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** True for the parsers that run the Python extractor. */
    public static boolean isPython(String parser) {
        return PYTHON.equals(parser) || SETUP_PY.equals(parser);
    }
}
