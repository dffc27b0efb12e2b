package io.anyscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.anyscope.git.BrowseUrls;
import io.anyscope.git.RepoSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --config anyscope.toml} for {@code scan} and {@code report}: the file's settings become the command's
 * options, except those the command line gives itself (the command line wins, option by option; a list option given on
 * the command line replaces the file's list). Relative paths in the file are relative to the file. The repositories
 * ({@code [[repos]]}, each with its own include/exclude/path_classes) become a repository list unless the command
 * line gives {@code --repos}. A file that is not TOML, an unknown key or a value of the wrong type is a usage error
 * naming the file and the key.
 *
 * <pre>
 * [scan]         out, history, since, until, branch, cache, ssh_dir, max_file_size, churn_weeks, include, exclude
 * [path_classes] "GLOB" = "CLASS" ...        (every repository; tried before the rules file)
 * [report]       data (default: scan.out), out, format, path_classes, weights, churn_weeks, velocity_weeks, repo,
 *                team, since, phases = ["NAME=GLOB,GLOB", ...] (the checklist's phases, in order)
 * [[repos]]      location (required), name, team, include, exclude, path_classes = { "GLOB" = "CLASS" },
 *                browse, browse_commit (browse URL templates, {@link BrowseUrls})
 * </pre>
 */
final class ConfigFile {
    /** A bad configuration: the message names the file and the key. */
    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    private static final Set<String> TOP = Set.of("scan", "report", "repos", "path_classes");
    /** scan keys and whether each is a path (resolved against the file's directory), a list, or a plain value. */
    private static final Map<String, Kind> SCAN = Map.ofEntries(Map.entry("out", Kind.PATH),
            Map.entry("history", Kind.TEXT), Map.entry("since", Kind.TEXT), Map.entry("until", Kind.TEXT),
            Map.entry("branch", Kind.TEXT), Map.entry("cache", Kind.PATH), Map.entry("ssh_dir", Kind.PATH),
            Map.entry("max_file_size", Kind.NUMBER), Map.entry("churn_weeks", Kind.NUMBER),
            Map.entry("include", Kind.LIST), Map.entry("exclude", Kind.LIST));
    private static final Map<String, Kind> REPORT = Map.ofEntries(Map.entry("data", Kind.PATH),
            Map.entry("out", Kind.PATH), Map.entry("format", Kind.JOINED), Map.entry("path_classes", Kind.JOINED),
            Map.entry("weights", Kind.PATH), Map.entry("churn_weeks", Kind.NUMBER),
            Map.entry("velocity_weeks", Kind.NUMBER), Map.entry("repo", Kind.TEXT), Map.entry("team", Kind.TEXT),
            Map.entry("since", Kind.TEXT), Map.entry("phases", Kind.LIST));
    private static final Set<String> REPO = Set.of("location", "name", "team", "include", "exclude", "path_classes",
            "browse", "browse_commit");

    private enum Kind { TEXT, NUMBER, PATH, LIST, JOINED }

    private ConfigFile() {
    }

    /**
     * The arguments with {@code --config FILE} replaced by the file's settings, for {@code scan} and {@code report};
     * other arguments unchanged.
     */
    static String[] expand(String[] args) throws ConfigException {
        if (args.length == 0 || !(args[0].equals("scan") || args[0].equals("report"))) {
            return args;
        }
        List<String> user = new ArrayList<>();
        Path file = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else if (args[i].equals("--config")) {
                throw new ConfigException("--config needs a FILE (anyscope.toml)");
            } else {
                user.add(args[i]);
            }
        }
        if (file == null) {
            return args;
        }
        JsonNode root = read(file);
        Path dir = file.toAbsolutePath().getParent();
        List<String> out = new ArrayList<>();
        out.add(args[0]);
        if (args[0].equals("scan")) {
            JsonNode scan = table(root, "scan", file);
            options(scan, "scan", SCAN, dir, user, out, file);
            List<String> classes = pathClasses(root.get("path_classes"), "path_classes", file);
            if (!given(user, "--path-class")) {
                for (String c : classes) {
                    out.add("--path-class");
                    out.add(c);
                }
            }
            if (root.has("repos") && !given(user, "--repos")) {
                out.add("--repos");
                out.add(repoList(root.get("repos"), dir, file).toString());
            }
        } else {
            JsonNode report = table(root, "report", file);
            options(report, "report", REPORT, dir, user, out, file);
            JsonNode scanOut = root.path("scan").get("out");
            if (!report.has("data") && scanOut != null && !given(user, "--data")) {
                out.add("--data");
                out.add(dir.resolve(text(scanOut, "scan.out", file)).normalize().toString());
            }
        }
        out.addAll(user);
        return out.toArray(String[]::new);
    }

    private static JsonNode read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new ConfigException(file + ": not valid TOML: " + m);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) {
                throw new ConfigException(file + ": unknown key " + k + " (keys: [scan], [report], [path_classes], "
                        + "[[repos]])");
            }
        }
        return root;
    }

    private static JsonNode table(JsonNode root, String key, Path file) throws ConfigException {
        JsonNode t = root.get(key);
        if (t == null) {
            return new TomlMapper().createObjectNode();
        }
        if (!t.isObject()) {
            throw new ConfigException(file + ": " + key + " must be a table ([" + key + "])");
        }
        return t;
    }

    /** Each key of a table as its option ({@code churn_weeks} is {@code --churn-weeks}), unless the user gave it. */
    private static void options(JsonNode table, String name, Map<String, Kind> keys, Path dir, List<String> user,
                                List<String> out, Path file) throws ConfigException {
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = name + "." + e.getKey();
            Kind kind = keys.get(e.getKey());
            if (kind == null) {
                throw new ConfigException(file + ": unknown key " + key + " (keys of [" + name + "]: "
                        + String.join(", ", new java.util.TreeSet<>(keys.keySet())) + ")");
            }
            String option = "--" + e.getKey().replace('_', '-');
            if (given(user, option)) {
                continue;
            }
            JsonNode v = e.getValue();
            switch (kind) {
                case NUMBER -> {
                    if (!v.isIntegralNumber()) {
                        throw new ConfigException(file + ": " + key + " must be a whole number, not " + v);
                    }
                    out.add(option);
                    out.add(v.asText());
                }
                case PATH -> {
                    out.add(option);
                    out.add(dir.resolve(text(v, key, file)).normalize().toString());
                }
                case LIST -> {
                    for (String s : strings(v, key, file)) {
                        out.add(option);
                        out.add(s);
                    }
                }
                case JOINED -> {
                    out.add(option);
                    out.add(String.join(",", strings(v, key, file)));
                }
                default -> {
                    out.add(option);
                    out.add(text(v, key, file));
                }
            }
        }
    }

    /** {@code "GLOB" = "CLASS"} entries as {@code CLASS=GLOB}, in file order. */
    private static List<String> pathClasses(JsonNode table, String key, Path file) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (table == null) {
            return out;
        }
        if (!table.isObject()) {
            throw new ConfigException(file + ": " + key + " must be a table of \"GLOB\" = \"CLASS\"");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String cls = text(e.getValue(), key + ".\"" + e.getKey() + "\"", file);
            try {
                RepoSpec.pathRule(cls, e.getKey());
            } catch (IllegalArgumentException x) {
                throw new ConfigException(file + ": " + key + ".\"" + e.getKey() + "\": " + x.getMessage());
            }
            out.add(cls + "=" + e.getKey());
        }
        return out;
    }

    /** The [[repos]] as a repository list file (CSV, with KEY=GLOB override fields), deleted when the JVM exits. */
    private static Path repoList(JsonNode repos, Path dir, Path file) throws ConfigException {
        if (!repos.isArray()) {
            throw new ConfigException(file + ": repos must be an array of tables ([[repos]])");
        }
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (JsonNode r : repos) {
            n++;
            String where = "repos[" + n + "]";
            if (!r.isObject()) {
                throw new ConfigException(file + ": " + where + " must be a table ([[repos]])");
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!REPO.contains(k)) {
                    throw new ConfigException(file + ": unknown key " + where + "." + k + " (keys: "
                            + String.join(", ", new java.util.TreeSet<>(REPO)) + ")");
                }
            }
            if (!r.has("location")) {
                throw new ConfigException(file + ": " + where + ".location is missing");
            }
            String loc = text(r.get("location"), where + ".location", file);
            RepoSpec probe;
            try {
                probe = RepoSpec.of(loc);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": " + where + ".location: " + e.getMessage());
            }
            if (!probe.isUrl() && !loc.startsWith("~") && !Path.of(loc).isAbsolute()) {
                loc = dir.resolve(loc).normalize().toString();
            }
            List<String> fields = new ArrayList<>(List.of(loc,
                    r.has("name") ? text(r.get("name"), where + ".name", file) : "",
                    r.has("team") ? text(r.get("team"), where + ".team", file) : ""));
            for (String c : pathClasses(r.get("path_classes"), where + ".path_classes", file)) {
                fields.add(c);
            }
            if (r.has("include")) {
                for (String g : strings(r.get("include"), where + ".include", file)) {
                    fields.add("include=" + g);
                }
            }
            if (r.has("exclude")) {
                for (String g : strings(r.get("exclude"), where + ".exclude", file)) {
                    fields.add("exclude=" + g);
                }
            }
            for (String k : List.of("browse", "browse_commit")) {
                if (r.has(k)) {
                    String t = text(r.get(k), where + "." + k, file);
                    try {
                        BrowseUrls.checkTemplate(t);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(file + ": " + where + "." + k + ": " + e.getMessage());
                    }
                    fields.add(k + "=" + t);
                }
            }
            lines.add(String.join(",", fields.stream().map(ConfigFile::csv).toList()));
        }
        try {
            Path list = Files.createTempFile("anyscope-repos-", ".csv");
            list.toFile().deleteOnExit();
            Files.write(list, lines, StandardCharsets.UTF_8);
            return list;
        } catch (IOException e) {
            throw new ConfigException("cannot write the repository list of " + file + ": " + e.getMessage());
        }
    }

    private static String csv(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    private static boolean given(List<String> user, String option) {
        for (String a : user) {
            if (a.equals(option) || a.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode v, String key, Path file) throws ConfigException {
        if (v == null || !v.isTextual()) {
            throw new ConfigException(file + ": " + key + " must be a string, not " + v);
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode v, String key, Path file) throws ConfigException {
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw new ConfigException(file + ": " + key + " must be a list of strings, not " + v);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            out.add(text(s, key, file));
        }
        return out;
    }
}
