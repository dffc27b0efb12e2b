package io.anyscope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails when the main code's {@code io.anyscope} packages depend on each other in a cycle: a package graph built
 * from the references (imports and fully qualified names, outside comments and string literals) in the sources of
 * both modules must be acyclic, and only the command layer ({@code cli} and its sub-packages) may reach the command line.
 */
class PackageCyclesTest {
    /** Main sources of both modules, from the pipeline module's directory (where Maven runs the tests). */
    private static final List<Path> ROOTS = List.of(Path.of("src", "main", "java"),
            Path.of("..", "extractors", "src", "main", "java"));

    /**
     * Cycles known when this test was written, each as the set of packages in it. The test also fails when a
     * listed cycle is gone, so that this list never outlives its cycles: when a change ends one, it removes its
     * entry here. The list is meant to become empty.
     */
    private static final List<Set<String>> KNOWN_CYCLES = List.of(
            // extract.Extractor -> extract.config.ConfigExtractor -> extract.{ConfigFact, FileKinds, PythonParser}:
            // a package and its sub-package (extractors module); ends when config facts and the parser move to a
            // package that both use, or the config readers' results stay in extract.config.
            Set.of("io.anyscope.extract", "io.anyscope.extract.config"));

    /** Stands for every picocli package in the graph: not a package of ours, only a target. */
    private static final String PICOCLI = "picocli";
    private static final Pattern PICOCLI_REFERENCE = Pattern.compile("\\bpicocli\\.");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified name in io.anyscope: its package is the lower-case segments before a type name or {@code *}. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.anyscope((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");

    @Test
    void packagesFormNoCycleBeyondTheKnownOnes() throws IOException {
        Map<String, Map<String, String>> graph = graph(ROOTS);
        assertThat(graph).as("the package graph was read").containsKeys("io.anyscope.cli", "io.anyscope.extract");
        assertThat(graph.get("io.anyscope.cli")).as("cli's dependencies").containsKey("io.anyscope.analytics");

        List<Set<String>> cycles = cycles(graph);
        List<String> unexpected = cycles.stream().filter(c -> !KNOWN_CYCLES.contains(c))
                .map(c -> describe(c, graph)).toList();
        assertThat(unexpected).as("package cycles (each edge names one file that makes it)").isEmpty();
        List<Set<String>> gone = KNOWN_CYCLES.stream().filter(c -> !cycles.contains(c)).toList();
        assertThat(gone).as("known cycles that no longer exist: remove them from KNOWN_CYCLES").isEmpty();
    }

    @Test
    void onlyTheCommandLayersKnowTheCommandLine() throws IOException {
        Map<String, Map<String, String>> graph = graph(ROOTS);
        List<String> leaks = new ArrayList<>();
        graph.forEach((from, edges) -> edges.forEach((to, file) -> {
            if (!isCommandLayer(from) && (isCommandLayer(to) || to.equals(PICOCLI))) {
                leaks.add(from + " -> " + to + " (" + file + ")");
            }
        }));
        assertThat(leaks).as("libraries that reach into the command line or picocli").isEmpty();
    }

    /** The packages that parse command lines: {@code cli} (with its option mixins); {@code bench} is a library. */
    private static boolean isCommandLayer(String pkg) {
        return pkg.equals("io.anyscope.cli") || pkg.startsWith("io.anyscope.cli.");
    }

    @Test
    void theCheckFindsACycleAndIgnoresCommentsAndStrings() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        addFile(graph, "a/A.java", "package io.anyscope.a;\nimport io.anyscope.b.B;\n"
                + "// io.anyscope.c.C\n/** {@link io.anyscope.c.C} */ class A { String s = \"io.anyscope.c.C\"; char q = '\"'; }");
        addFile(graph, "b/B.java", "package io.anyscope.b;\nclass B { Object o = io.anyscope.a.A.class; }");
        addFile(graph, "c/C.java", "package io.anyscope.c;\nimport static io.anyscope.a.A.x;\nimport io.anyscope.b.*;\nclass C {}");
        assertThat(graph.get("io.anyscope.a")).containsOnlyKeys("io.anyscope.b");
        assertThat(graph.get("io.anyscope.c")).containsOnlyKeys("io.anyscope.a", "io.anyscope.b");
        assertThat(cycles(graph)).containsExactly(Set.of("io.anyscope.a", "io.anyscope.b"));
    }

    /** Package &rarr; the io.anyscope packages (and {@link #PICOCLI}) it references &rarr; one file that does. */
    private static Map<String, Map<String, String>> graph(List<Path> roots) throws IOException {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
                    try {
                        addFile(graph, root.relativize(p).toString(), Files.readString(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return graph;
    }

    private static void addFile(Map<String, Map<String, String>> graph, String file, String source) {
        String code = codeOnly(source);
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find() || !pkg.group(1).startsWith("io.anyscope")) {
            return;
        }
        String from = pkg.group(1);
        Map<String, String> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher ref = REFERENCE.matcher(code);
        while (ref.find()) {
            String to = "io.anyscope" + ref.group(1);
            if (!to.equals(from)) {
                edges.putIfAbsent(to, file);
            }
        }
        if (PICOCLI_REFERENCE.matcher(code).find()) {
            edges.putIfAbsent(PICOCLI, file);
        }
    }

    /** The source with comments, string and character literals (text blocks too) blanked out. */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? s.length() : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The strongly connected components of more than one package (Tarjan), each a cycle or a knot of cycles. */
    static List<Set<String>> cycles(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Map<String, String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    private static String describe(Set<String> cycle, Map<String, Map<String, String>> graph) {
        List<String> edges = new ArrayList<>();
        for (String from : cycle) {
            graph.getOrDefault(from, Map.of()).forEach((to, file) -> {
                if (cycle.contains(to)) {
                    edges.add(from + " -> " + to + " (" + file + ")");
                }
            });
        }
        return String.join("; ", edges);
    }
}
