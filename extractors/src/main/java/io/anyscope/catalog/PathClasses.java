package io.anyscope.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The path-class rules ({@code src/catalog/path_classes.yaml}): the classes, the ordered rules (matched by the SQL,
 * {@code src/sql/20_reference_path_classes.sql}), the generated-code markers the extractor looks for in a Python file's first
 * lines, and the examples the rules test checks. Loading validates the structure: every class has an id and a
 * boolean {@code counted}, every rule names a known class and has a glob or {@code header: true} (not both), every
 * marker is non-blank, every example names a known class.
 */
public final class PathClasses {
    public static final String RESOURCE = "/io/anyscope/catalog/path_classes.yaml";
    /** The class of a file that no rule matches. */
    public static final String DEFAULT_CLASS = "source";
    /** How many first lines of a file are searched for a generated-code marker. */
    public static final int HEADER_LINES = 10;

    /** A class: its id, whether reports count it by default, and its label. */
    public record PathClass(String id, boolean counted, String label) {
    }

    /** A rule: the class it gives, and a gitignore glob or (header) the file's generated-code marker. */
    public record Rule(String pathClass, String glob, boolean header) {
    }

    /** An example path, whether its blob carries a generated marker, and the class it must get. */
    public record Example(String path, boolean header, String pathClass) {
    }

    private final List<PathClass> classes;
    private final List<Rule> rules;
    private final List<String> markers;
    private final List<Example> examples;

    private PathClasses(List<PathClass> classes, List<Rule> rules, List<String> markers, List<Example> examples) {
        this.classes = List.copyOf(classes);
        this.rules = List.copyOf(rules);
        this.markers = List.copyOf(markers);
        this.examples = List.copyOf(examples);
    }

    private static volatile PathClasses shipped;

    /** The rules shipped inside the jar (cached). */
    public static PathClasses loadDefault() {
        PathClasses p = shipped;
        if (p == null) {
            try (InputStream in = PathClasses.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new CatalogException("path-class rules missing: " + RESOURCE);
                }
                p = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "path_classes.yaml");
            } catch (IOException e) {
                throw new CatalogException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
            }
            shipped = p;
        }
        return p;
    }

    /** Parses and validates a rules file's text; {@code source} names it in messages. */
    public static PathClasses parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new CatalogException(source + ": not YAML: " + e.getMessage(), e);
        }
        Map<String, PathClass> classes = new LinkedHashMap<>();
        for (JsonNode c : list(root, "classes", source)) {
            String id = text(c, "id", source, "classes");
            JsonNode counted = c.path("counted");
            if (!counted.isBoolean()) {
                throw new CatalogException(source + ", classes: counted must be true or false: " + c);
            }
            if (classes.put(id, new PathClass(id, counted.asBoolean(), c.path("label").asText(id))) != null) {
                throw new CatalogException(source + ", classes: duplicate id " + id);
            }
        }
        if (!classes.containsKey(DEFAULT_CLASS)) {
            throw new CatalogException(source + ", classes: the default class " + DEFAULT_CLASS + " is missing");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : list(root, "rules", source)) {
            String cls = known(classes, text(r, "class", source, "rules"), source, "rules", r);
            boolean header = r.path("header").asBoolean(false);
            String glob = r.hasNonNull("glob") ? r.get("glob").asText() : null;
            if ((glob == null) == !header || (glob != null && (glob.isBlank() || glob.startsWith("!")))) {
                throw new CatalogException(source + ", rules: each rule has a glob (not blank, no '!') or header: "
                        + "true, not both: " + r);
            }
            rules.add(new Rule(cls, glob, header));
        }
        List<String> markers = new ArrayList<>();
        for (JsonNode m : list(root, "generated_markers", source)) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw new CatalogException(source + ", generated_markers: a marker is a non-blank string: " + m);
            }
            markers.add(m.asText().toLowerCase(Locale.ROOT));
        }
        List<Example> examples = new ArrayList<>();
        for (JsonNode e : root.path("examples")) {
            examples.add(new Example(text(e, "path", source, "examples"), e.path("header").asBoolean(false),
                    known(classes, text(e, "class", source, "examples"), source, "examples", e)));
        }
        return new PathClasses(new ArrayList<>(classes.values()), rules, markers, examples);
    }

    private static List<JsonNode> list(JsonNode root, String key, String source) {
        JsonNode n = root == null ? null : root.get(key);
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new CatalogException(source + ": " + key + " must be a non-empty list");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static String text(JsonNode item, String key, String source, String list) {
        JsonNode v = item.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new CatalogException(source + ", " + list + ": item without " + key + ": " + item);
        }
        return v.asText();
    }

    private static String known(Map<String, PathClass> classes, String cls, String source, String list, JsonNode item) {
        if (!classes.containsKey(cls)) {
            throw new CatalogException(source + ", " + list + ": unknown class " + cls + " in " + item + " (classes: "
                    + String.join(", ", classes.keySet()) + ")");
        }
        return cls;
    }

    public List<PathClass> classes() {
        return classes;
    }

    /** The ids of the classes, in display order. */
    public List<String> classIds() {
        return classes.stream().map(PathClass::id).toList();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The generated-code markers, lower-case. */
    public List<String> markers() {
        return markers;
    }

    public List<Example> examples() {
        return examples;
    }

    /** A short fingerprint of the markers: part of the extraction version, so that a changed list re-extracts. */
    public String markersFingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", markers).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The generated-code marker line of a file: the first of its first {@link #HEADER_LINES} lines that is a comment
     * ({@code #} after optional blanks) containing a marker, case-insensitively, stripped and cut to 200 characters;
     * null when there is none.
     */
    public String generatedHeader(byte[] content) {
        int line = 0;
        int start = 0;
        int limit = Math.min(content.length, 8192);
        while (line < HEADER_LINES && start < limit) {
            int end = start;
            while (end < limit && content[end] != '\n') {
                end++;
            }
            String text = new String(content, start, end - start, StandardCharsets.UTF_8).strip();
            if (line == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1).strip();
            }
            if (text.startsWith("#")) {
                String lower = text.toLowerCase(Locale.ROOT);
                for (String m : markers) {
                    if (lower.contains(m)) {
                        return text.length() > 200 ? text.substring(0, 200) : text;
                    }
                }
            }
            line++;
            start = end + 1;
        }
        return null;
    }
}
