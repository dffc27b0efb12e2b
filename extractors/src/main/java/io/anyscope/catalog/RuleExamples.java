package io.anyscope.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The annotated examples of the migration-mistake rules: {@code src/catalog/rules/fixtures/<id>.py} or
 * {@code <id>/<config file>}, shipped in the jar beside the rules file. One source for the fixture test (each rule
 * finds exactly its {@code # expect:} lines and none of its {@code # ok:} lines) and for the generated Rules page.
 * A line carrying {@code # expect: <id>} (or {@code # ok: <id>}, several ids comma-separated) is that case; an
 * annotation alone on its line applies to the next line that is not one.
 */
public final class RuleExamples {
    /** Where the fixtures are on the class path. */
    public static final String RESOURCE_DIR = "/io/anyscope/catalog/rules/fixtures";
    private static final Pattern ANNOTATION = Pattern.compile("#\\s*(expect|ok):\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)");

    private RuleExamples() {
    }

    /** Per rule id, the 1-based lines annotated {@code expect} and {@code ok}. */
    public record Annotations(Map<String, Set<Integer>> expect, Map<String, Set<Integer>> ok) {
    }

    /**
     * One fixture file.
     *
     * @param rule the rule it belongs to: its file name without extension, or its directory's name
     * @param file its path under the fixtures directory ({@code await-start-soon.py}, {@code x/pytest.ini})
     */
    public record Fixture(String rule, String file, List<String> lines, Annotations annotations) {
    }

    public static Annotations annotations(List<String> lines) {
        Map<String, Set<Integer>> expect = new TreeMap<>();
        Map<String, Set<Integer>> ok = new TreeMap<>();
        List<String[]> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = ANNOTATION.matcher(line);
            List<String[]> here = new ArrayList<>();
            while (m.find()) {
                for (String id : m.group(2).split("\\s*,\\s*")) {
                    here.add(new String[] {m.group(1), id});
                }
            }
            boolean alone = !here.isEmpty() && line.strip().startsWith("#");
            if (alone) {
                pending.addAll(here);
                continue;
            }
            here.addAll(pending);
            pending.clear();
            for (String[] a : here) {
                (a[0].equals("expect") ? expect : ok).computeIfAbsent(a[1], k -> new TreeSet<>()).add(i + 1);
            }
        }
        return new Annotations(expect, ok);
    }

    /** A line as the Rules page shows it: without its annotation comment. */
    public static String withoutAnnotation(String line) {
        Matcher m = ANNOTATION.matcher(line);
        return m.find() ? line.substring(0, m.start()).stripTrailing() : line;
    }

    /** The fixtures directory on the class path: a directory, or a directory inside the jar. */
    public static Path root() {
        URL url = RuleExamples.class.getResource(RESOURCE_DIR);
        if (url == null) {
            throw new IllegalStateException("the rule fixtures are missing from the class path: " + RESOURCE_DIR);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of()); // kept open: the class path's jar, for this process
                } catch (FileSystemAlreadyExistsException e) {
                    // opened before
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the rule fixtures at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Every fixture of the jar, by path. */
    public static List<Fixture> loadDefault() {
        return load(root());
    }

    /** Every fixture under {@code root}, by path. */
    public static List<Fixture> load(Path root) {
        List<Fixture> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = root.relativize(p);
                String first = rel.getName(0).toString();
                String rule = rel.getNameCount() > 1 ? first : first.substring(0, first.lastIndexOf('.'));
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                out.add(new Fixture(rule, rel.toString().replace(rel.getFileSystem().getSeparator(), "/"), lines,
                        annotations(lines)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule fixtures under " + root, e);
        }
        return out;
    }
}
