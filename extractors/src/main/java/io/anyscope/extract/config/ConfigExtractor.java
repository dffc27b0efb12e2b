package io.anyscope.extract.config;

import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.FileKinds;
import io.anyscope.extract.PythonParser;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration facts of one file: declared dependencies on the tracked distributions ({@code dependencies.yaml})
 * and the pytest settings that decide how async tests run.
 *
 * <p>{@link #extract} never throws on bad input: what cannot be read becomes a message in {@link Result#problems()}
 * and the rest of the file is still read where the format allows it.
 *
 * <p>Not thread-safe (it holds a tree-sitter parser for setup.py): use one instance per thread.
 */
public final class ConfigExtractor {
    /** tox factor conditions in front of a dependency: {@code py38,trio: trio>=0.22}, {@code !pypy: uvloop}. */
    private static final Pattern TOX_FACTOR =
            Pattern.compile("!?[A-Za-z0-9_.{}]+(?:[,-]!?[A-Za-z0-9_.{}]+)*\\s*:(?!//)\\s*(.*)");

    /**
     * What one file gave.
     *
     * @param facts    in line order
     * @param problems human-readable messages, each starting with the file's path
     */
    public record Result(List<ConfigFact> facts, List<String> problems) {
        public Result {
            facts = List.copyOf(facts);
            problems = List.copyOf(problems);
        }
    }

    private final TrackedDependencies tracked;
    private final PythonParser pythonParser; // null: setup.py is read through a parser of its own
    private SetupPyReader setupPy;

    /** An extractor reporting the distributions of the shipped {@code dependencies.yaml}. */
    public ConfigExtractor() {
        this(TrackedDependencies.loadDefault());
    }

    public ConfigExtractor(TrackedDependencies tracked) {
        this(tracked, null);
    }

    /**
     * An extractor reporting the distributions of the shipped {@code dependencies.yaml} that reads setup.py through
     * {@code pythonParser} (shared with its owner's Python extraction, on the same thread).
     */
    public ConfigExtractor(PythonParser pythonParser) {
        this(TrackedDependencies.loadDefault(), pythonParser);
    }

    private ConfigExtractor(TrackedDependencies tracked, PythonParser pythonParser) {
        this.tracked = tracked;
        this.pythonParser = pythonParser;
    }

    /**
     * Reads one file.
     *
     * @param parser  a {@link FileKinds} parser id: {@code setup_py}, {@code pyproject}, {@code setup_cfg},
     *                {@code requirements}, {@code pytest_ini} or {@code tox_ini}; {@code python} gives nothing
     * @param path    the repository-relative path, used in problem messages
     * @param content the file's bytes (UTF-8)
     */
    public Result extract(String parser, String path, byte[] content) {
        Facts out = new Facts(path == null ? "?" : path, tracked);
        byte[] bytes = content == null ? new byte[0] : content;
        try {
            switch (parser == null ? "" : parser) {
                case FileKinds.PYPROJECT -> new PyprojectReader(out).read(Text.decode(bytes));
                case FileKinds.SETUP_PY -> {
                    if (setupPy == null) {
                        setupPy = new SetupPyReader(pythonParser == null ? new PythonParser() : pythonParser);
                    }
                    setupPy.read(bytes, out);
                }
                case FileKinds.SETUP_CFG -> setupCfg(ini(bytes, out), out);
                case FileKinds.PYTEST_INI -> pytestSection(ini(bytes, out), "pytest", out);
                case FileKinds.TOX_INI -> {
                    IniDocument doc = ini(bytes, out);
                    pytestSection(doc, "pytest", out);
                    toxDeps(doc, out);
                }
                case FileKinds.REQUIREMENTS -> requirements(bytes, out);
                case FileKinds.PYTHON -> {
                }
                default -> out.problem("no configuration parser named '" + parser + "'");
            }
        } catch (RuntimeException | StackOverflowError e) {
            out.problem("could not be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return new Result(out.facts(), out.problems());
    }

    private static IniDocument ini(byte[] bytes, Facts out) {
        IniDocument doc = IniDocument.parse(Text.lines(Text.decode(bytes)));
        doc.problems().forEach(out::problem);
        return doc;
    }

    /** setup.cfg: {@code [options]} install_requires and tests_require, {@code [options.extras_require]}, {@code [tool:pytest]}. */
    private static void setupCfg(IniDocument doc, Facts out) {
        for (IniDocument.Option o : doc.section("options")) {
            if (o.key().equals("install_requires") || o.key().equals("tests_require")) {
                pep508Lines(o, "options." + o.key(), out);
            }
        }
        for (IniDocument.Option o : doc.section("options.extras_require")) {
            pep508Lines(o, "options.extras_require." + o.key(), out);
        }
        pytestSection(doc, "tool:pytest", out);
    }

    /** A setuptools list value: one PEP 508 requirement a line ({@code file:} directives are not followed). */
    private static void pep508Lines(IniDocument.Option o, String section, Facts out) {
        if (o.value().startsWith("file:")) {
            return;
        }
        for (IniDocument.ValueLine v : o.lines()) {
            String s = PipLines.stripComment(v.text());
            if (s.isEmpty()) {
                continue;
            }
            Optional<Requirement> r = Requirement.parse(s);
            if (r.isEmpty()) {
                out.problem(v.line(), "not a requirement in " + section + ": " + s);
            } else {
                out.dependency(r.get().name(), r.get().specifier(), section, v.line());
            }
        }
    }

    /** The pytest settings of one INI section. */
    private static void pytestSection(IniDocument doc, String section, Facts out) {
        for (IniDocument.Option o : doc.section(section)) {
            String key = o.key();
            if (PytestSettings.ALWAYS.contains(key)) {
                out.setting(key, o.value(), section, o.line());
            } else if (key.equals(PytestSettings.MARKERS)) {
                for (IniDocument.ValueLine v : o.lines()) {
                    if (PytestSettings.mentionsAsync(v.text())) {
                        out.setting(key, v.text(), section, v.line());
                    }
                }
            } else if (key.equals(PytestSettings.ADDOPTS)) {
                String joined = String.join(" ", o.lines().stream().map(IniDocument.ValueLine::text).toList());
                if (PytestSettings.mentionsAsync(joined)) {
                    out.setting(key, joined, section, o.line());
                }
            }
        }
    }

    /** tox: {@code deps} of {@code [testenv]} and {@code [testenv:NAME]}, in pip's line format, factor conditions dropped. */
    private static void toxDeps(IniDocument doc, Facts out) {
        for (IniDocument.Option o : doc.options()) {
            if (!o.key().equals("deps")
                    || !(o.section().equals("testenv") || o.section().startsWith("testenv:"))) {
                continue;
            }
            String section = "tox." + o.section();
            for (IniDocument.ValueLine v : o.lines()) {
                String s = v.text();
                if (s.contains("{") && !TOX_FACTOR.matcher(s).matches()) {
                    continue; // a substitution such as {[testenv]deps}: not followed
                }
                Matcher f = TOX_FACTOR.matcher(s);
                if (f.matches() && !s.startsWith("-")) {
                    s = f.group(1);
                }
                if (s.contains("{")) {
                    continue;
                }
                PipLines.handle(s, v.line(), section, out);
            }
        }
    }

    private static void requirements(byte[] bytes, Facts out) {
        for (PipLines.Logical l : PipLines.join(Text.lines(Text.decode(bytes)))) {
            PipLines.handle(l.text(), l.line(), "requirements", out);
        }
    }
}
