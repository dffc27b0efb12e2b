package io.anyscope.extract;

import org.treesitter.TSNode;

import java.util.ArrayList;
import java.util.List;

import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.start;

/**
 * The pytest configuration facts found in code: {@code test_marker} for {@code pytest.mark.<library>} (with its
 * arguments), {@code fixture} for a function named {@code anyio_backend}.
 */
final class PytestFacts {
    private static final String BACKEND_FIXTURE = "anyio_backend";

    private final ParsedFile file;
    private final Nodes nodes;
    private final List<ConfigFact> facts = new ArrayList<>();

    PytestFacts(ParsedFile file) {
        this.file = file;
        this.nodes = file.nodes;
    }

    private static final byte[] MARK = {'m', 'a', 'r', 'k', '.'};

    /**
     * True when {@code mark.} comes right before {@code at}: a library name there may be a pytest marker. The byte
     * prefilter ({@link PythonExtractor#mayNameLibrary}) and {@link #marker} both ask it.
     */
    static boolean afterMark(byte[] b, int at) {
        return ParsedFile.bytesAt(b, at - MARK.length, MARK);
    }

    /** A library name's hit right after a dot: a marker fact when it ends {@code pytest.mark.<lib>}. */
    void marker(int at, String lib) {
        if (!afterMark(file.b, at)) {
            return;
        }
        TSNode n = file.nodeAt(at, at + lib.length());
        if (!nodes.type(n).equals("identifier")) {
            return;
        }
        TSNode attr = nodes.parent(n);
        if (isNull(attr) || !nodes.type(attr).equals("attribute")) {
            return;
        }
        String full = file.text(attr).replaceAll("\\s+", "");
        if (!(full.equals("pytest.mark." + lib) || full.equals("mark." + lib))) {
            return;
        }
        TSNode p = nodes.parent(attr);
        String value = "";
        if (nodes.type(p).equals("call") && start(p) == start(attr)) {
            TSNode args = field(p, nodes.F_ARGUMENTS);
            if (!isNull(args)) {
                String a = file.text(args);
                value = a.substring(1, Math.max(1, a.length() - 1)).strip();
            }
        }
        facts.add(new ConfigFact("test_marker", "pytest.mark." + lib, value, "code", file.src.line(at)));
    }

    /**
     * Adds a fixture fact for each function definition named {@code anyio_backend}, and a {@code backend_param} fact
     * (name {@code anyio_backend}, value: the backends it names, {@code asyncio,trio}, sorted, comma-separated) for
     * each such fixture (its decorators and body) and each {@code *.parametrize("anyio_backend", ...)} call (its
     * arguments): what the tests are parametrised to run on. {@code get_all_backends()} names every backend.
     */
    void findFixtures() {
        String name = BACKEND_FIXTURE;
        int i = 0;
        while ((i = file.nextWord(name, i, file.length())) >= 0) {
            int at = i;
            i += name.length();
            TSNode n = file.nodeAt(at, at + name.length());
            String type = nodes.type(n);
            TSNode p = nodes.parent(n);
            if (type.equals("identifier")) {
                if (nodes.type(p).equals("function_definition")) {
                    facts.add(new ConfigFact("fixture", name, "", "code", file.src.line(at)));
                    TSNode whole = nodes.parent(p);
                    whole = !isNull(whole) && nodes.type(whole).equals("decorated_definition") ? whole : p;
                    facts.add(new ConfigFact("backend_param", name, backends(whole), "code", file.src.line(at)));
                }
                continue;
            }
            TSNode str = type.equals("string") ? n : p;
            if (!type.equals("string") && !type.equals("string_content") || isNull(str)
                    || !nodes.type(str).equals("string") || !file.text(str).matches("[rRuU]?[\"']" + name + "[\"']")) {
                continue;
            }
            TSNode args = nodes.parent(str);
            if (isNull(args) || !nodes.type(args).equals("argument_list") || start(Nodes.namedChild(args, 0)) != start(str)) {
                continue;
            }
            TSNode call = nodes.parent(args);
            TSNode fn = isNull(call) ? call : field(call, nodes.F_FUNCTION);
            if (!isNull(fn) && file.text(fn).replaceAll("\\s+", "").endsWith("parametrize")) {
                facts.add(new ConfigFact("backend_param", name, backends(args), "code", file.src.line(at)));
            }
        }
    }

    private static final java.util.regex.Pattern BACKEND_NAME =
            java.util.regex.Pattern.compile("[\"'](asyncio|trio)[\"']|\\bget_all_backends\\b");

    /** The backends the node's text names as string literals. */
    private String backends(TSNode n) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = BACKEND_NAME.matcher(file.text(n));
        while (m.find()) {
            if (m.group(1) == null) {
                out.add("asyncio");
                out.add("trio");
            } else {
                out.add(m.group(1));
            }
        }
        return String.join(",", out);
    }

    /** The facts so far, in the order found. */
    List<ConfigFact> facts() {
        return facts;
    }
}
