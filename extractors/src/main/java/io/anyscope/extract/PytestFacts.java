package io.anyscope.extract;

import org.treesitter.TSNode;

import java.util.ArrayList;
import java.util.List;

import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.parent;
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

    /** A library name's hit right after a dot: a marker fact when it ends {@code pytest.mark.<lib>}. */
    void marker(int at, String lib) {
        if (at < 5 || !file.s.startsWith("mark.", at - 5)) {
            return;
        }
        TSNode n = file.nodeAt(at, at + lib.length());
        if (!nodes.type(n).equals("identifier")) {
            return;
        }
        TSNode attr = parent(n);
        if (isNull(attr) || !nodes.type(attr).equals("attribute")) {
            return;
        }
        String full = file.text(attr).replaceAll("\\s+", "");
        if (!(full.equals("pytest.mark." + lib) || full.equals("mark." + lib))) {
            return;
        }
        TSNode p = parent(attr);
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

    /** Adds a fixture fact for each function definition named {@code anyio_backend}. */
    void findFixtures() {
        String name = BACKEND_FIXTURE;
        int i = 0;
        while ((i = file.nextWord(name, i, file.length())) >= 0) {
            int at = i;
            i += name.length();
            TSNode n = file.nodeAt(at, at + name.length());
            if (!nodes.type(n).equals("identifier")) {
                continue;
            }
            TSNode p = parent(n);
            if (nodes.type(p).equals("function_definition")) {
                facts.add(new ConfigFact("fixture", name, "", "code", file.src.line(at)));
            }
        }
    }

    /** The facts so far, in the order found. */
    List<ConfigFact> facts() {
        return facts;
    }
}
