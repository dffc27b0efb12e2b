package io.anyscope.extract.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pyproject.toml: PEP 621 {@code [project]} dependencies and optional dependencies, PEP 735
 * {@code [dependency-groups]}, {@code [build-system] requires}, Poetry's dependency tables, uv's and PDM's
 * dev-dependencies, Hatch environments' dependencies, and pytest's
 * {@code [tool.pytest.ini_options]} (and pytest 9's native {@code [tool.pytest]}).
 *
 * <p>Parsed with jackson-dataformat-toml (TOML 1.0; it reports the line of a syntax error but gives values no
 * location, so lines come from {@link TomlLocator}). Poetry constraints ({@code ^4.0}, {@code ~0.22}) are kept in
 * Poetry's own syntax, trimmed; {@code *} means no constraint and becomes empty.
 */
final class PyprojectReader {
    private static final TomlMapper TOML = new TomlMapper();

    private final Facts out;
    private TomlLocator loc;

    PyprojectReader(Facts out) {
        this.out = out;
    }

    void read(String text) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String at = l != null && l.getLineNr() > 0 ? " at line " + l.getLineNr() : "";
            out.problem("invalid TOML" + at + ": " + e.getOriginalMessage().strip());
            return;
        }
        if (root == null || !root.isObject()) {
            return;
        }
        loc = new TomlLocator(text);
        JsonNode project = root.path("project");
        pep508List(project.path("dependencies"), List.of("project", "dependencies"));
        forEachField(project.path("optional-dependencies"), (extra, list) ->
                pep508List(list, List.of("project", "optional-dependencies", extra)));
        forEachField(root.path("dependency-groups"), (group, list) ->
                pep508List(list, List.of("dependency-groups", group)));
        pep508List(root.path("build-system").path("requires"), List.of("build-system", "requires"));

        JsonNode poetry = root.path("tool").path("poetry");
        poetryTable(poetry.path("dependencies"), List.of("tool", "poetry", "dependencies"));
        poetryTable(poetry.path("dev-dependencies"), List.of("tool", "poetry", "dev-dependencies"));
        forEachField(poetry.path("group"), (group, table) ->
                poetryTable(table.path("dependencies"), List.of("tool", "poetry", "group", group, "dependencies")));

        // other tools' PEP 508 lists: uv, PDM, Hatch environments
        JsonNode tool = root.path("tool");
        pep508List(tool.path("uv").path("dev-dependencies"), List.of("tool", "uv", "dev-dependencies"));
        forEachField(tool.path("pdm").path("dev-dependencies"), (group, list) ->
                pep508List(list, List.of("tool", "pdm", "dev-dependencies", group)));
        forEachField(tool.path("hatch").path("envs"), (env, table) -> {
            pep508List(table.path("dependencies"), List.of("tool", "hatch", "envs", env, "dependencies"));
            pep508List(table.path("extra-dependencies"), List.of("tool", "hatch", "envs", env, "extra-dependencies"));
        });

        JsonNode pytest = root.path("tool").path("pytest");
        pytestTable(pytest.path("ini_options"), List.of("tool", "pytest", "ini_options"));
        pytestTable(pytest, List.of("tool", "pytest"));
    }

    /** An array of PEP 508 strings; PEP 735 {@code {include-group = ...}} tables are skipped. */
    private void pep508List(JsonNode list, List<String> keyPath) {
        if (list.isMissingNode()) {
            return;
        }
        String section = String.join(".", keyPath);
        if (!list.isArray()) {
            out.problem(section + " is not an array of strings");
            return;
        }
        for (JsonNode item : list) {
            if (item.isObject() && keyPath.get(0).equals("dependency-groups")) {
                continue;
            }
            if (!item.isTextual()) {
                out.problem(section + " has a non-string item: " + item);
                continue;
            }
            String s = item.asText();
            if (s.strip().startsWith("-") && keyPath.get(1).equals("pdm")) {
                continue; // PDM's "-e path" editables: no name to report
            }
            Optional<Requirement> r = Requirement.parse(s);
            if (r.isEmpty()) {
                out.problem(loc.string(keyPath, s), "not a requirement in " + section + ": " + s.strip());
                continue;
            }
            if (out.isTracked(r.get().name())) {
                out.dependency(r.get().name(), r.get().specifier(), section, loc.string(keyPath, s));
            }
        }
    }

    /** A Poetry dependency table: {@code name = "^4.0"}, {@code name = {version = ">=4"}} or a list of such tables. */
    private void poetryTable(JsonNode table, List<String> keyPath) {
        if (!table.isObject()) {
            return;
        }
        String section = String.join(".", keyPath);
        forEachField(table, (name, v) -> {
            if (name.equals("python") || !out.isTracked(name)) {
                return;
            }
            List<String> at = new ArrayList<>(keyPath);
            at.add(name);
            int line = loc.key(at);
            if (v.isTextual()) {
                out.dependency(name, poetryConstraint(v.asText()), section, line);
            } else if (v.isObject()) {
                out.dependency(name, poetryConstraint(v.path("version").asText("")), section, line);
            } else if (v.isArray()) {
                for (JsonNode alt : v) {
                    String c = alt.isTextual() ? alt.asText() : alt.path("version").asText("");
                    out.dependency(name, poetryConstraint(c), section, line);
                }
            } else {
                out.problem(line, section + "." + name + " is neither a version string nor a table");
            }
        });
    }

    private static String poetryConstraint(String c) {
        String t = c.strip();
        return t.equals("*") ? "" : t;
    }

    private void pytestTable(JsonNode table, List<String> keyPath) {
        if (!table.isObject()) {
            return;
        }
        String section = String.join(".", keyPath);
        forEachField(table, (key, v) -> {
            List<String> at = new ArrayList<>(keyPath);
            at.add(key);
            if (PytestSettings.ALWAYS.contains(key)) {
                out.setting(key, scalarOrJoined(v, ", "), section, loc.key(at));
            } else if (key.equals(PytestSettings.MARKERS)) {
                if (v.isArray()) {
                    for (JsonNode m : v) {
                        String s = m.asText().strip();
                        if (m.isTextual() && PytestSettings.mentionsAsync(s)) {
                            out.setting(key, s, section, loc.string(at, m.asText()));
                        }
                    }
                } else if (v.isTextual()) {
                    // a markers string with newlines, as in ini files: one fact per mentioning line, at the key's line
                    int line = loc.key(at);
                    for (String part : v.asText().split("\n")) {
                        String s = part.strip();
                        if (!s.isEmpty() && PytestSettings.mentionsAsync(s)) {
                            out.setting(key, s, section, line);
                        }
                    }
                }
            } else if (key.equals(PytestSettings.ADDOPTS)) {
                String s = scalarOrJoined(v, " ");
                if (PytestSettings.mentionsAsync(s)) {
                    out.setting(key, s, section, loc.key(at));
                }
            }
        });
    }

    private static String scalarOrJoined(JsonNode v, String sep) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText().strip()));
            return String.join(sep, parts);
        }
        return v.isValueNode() ? v.asText().strip() : v.toString();
    }

    private interface FieldVisitor {
        void visit(String name, JsonNode value);
    }

    private static void forEachField(JsonNode n, FieldVisitor v) {
        if (!n.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            v.visit(e.getKey(), e.getValue());
        }
    }
}
