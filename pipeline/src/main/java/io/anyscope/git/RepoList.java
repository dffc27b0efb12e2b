package io.anyscope.git;

import io.anyscope.catalog.PathClasses;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a repository list: one repository per line,
 *
 * <pre>
 * # comment
 * LOCATION [NAME [TEAM]] [include=GLOB|exclude=GLOB]...    whitespace-separated, or
 * LOCATION,[NAME][,TEAM][,include=GLOB|exclude=GLOB]...      comma-separated (fields trimmed; "double quotes" allow
 *                                                            commas, "" is a quote)
 * </pre>
 *
 * {@code exclude=GLOB}, {@code include=GLOB} and {@code CLASS=GLOB} (repeatable, after the location; CLASS a path class
 * such as {@code archived}) are the repository's path-class overrides: files matching a CLASS glob get that class,
 * then files matching an include count as source whatever the rules say, then files matching an exclude get class
 * excluded; see {@link RepoSpec#pathRules}. {@code browse=TEMPLATE} and {@code browse_commit=TEMPLATE} set the
 * repository's browse URLs ({@link RepoSpec#browse}).
 *
 * A line containing a comma is CSV, otherwise it is split on whitespace (there a word starting with {@code #} starts
 * a trailing comment, and quotes are kept literally: use CSV for names with spaces). Blank lines and lines starting with
 * {@code #} are ignored, as is a CSV header whose first field is {@code location}, {@code url}, {@code repo},
 * {@code repository} or {@code path}. An empty NAME means the default (the last path component without
 * {@code .git}). Relative local paths are resolved against the list file's directory ({@link #parse(Path)}) or the
 * working directory ({@link #parse(List)}). Malformed lines (more than three fields, an empty location, an
 * unsupported URL scheme, an unterminated quote, a repository listed twice) raise a {@link RepoListException} naming
 * the file and the line number.
 */
public final class RepoList {
    private static final Set<String> HEADER_WORDS = Set.of("location", "url", "repo", "repository", "path");

    private RepoList() {
    }

    public static List<RepoSpec> parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new RepoListException("cannot read repository list " + file + ": permission denied");
        } catch (IOException e) {
            throw new RepoListException("cannot read repository list " + file + ": " + e.getMessage());
        }
        return parse(utf8Lines(bytes, file.toString()), file.toString(), file.toAbsolutePath().getParent());
    }

    /** The lines of a UTF-8 text; bytes that are not UTF-8 (a binary file, another encoding) name their line. */
    private static List<String> utf8Lines(byte[] bytes, String source) {
        List<String> lines = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == i) {
                    break;
                }
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                try {
                    lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
                } catch (CharacterCodingException e) {
                    throw new RepoListException(source + ":" + (lines.size() + 1)
                            + ": not UTF-8 text (a repository list is UTF-8 text, one repository a line)");
                }
                start = i + 1;
            }
        }
        return lines;
    }

    public static List<RepoSpec> parse(List<String> lines) {
        return parse(lines, "<repository list>", null);
    }

    private static List<RepoSpec> parse(List<String> lines, String source, Path baseDir) {
        List<RepoSpec> specs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = trimmed.indexOf(',') >= 0
                        ? splitCsv(trimmed) : splitWords(trimmed);
            } catch (IllegalArgumentException e) {
                throw new RepoListException(source + ":" + lineNo + ": " + e.getMessage());
            }
            if (first && HEADER_WORDS.contains(fields.get(0).toLowerCase(Locale.ROOT))) {
                first = false;
                continue;
            }
            first = false;
            List<String> rules = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            String browse = null;
            String browseCommit = null;
            try {
                for (int f = 0; f < fields.size(); f++) {
                    String field = fields.get(f);
                    if (f > 0 && isOverride(field)) {
                        rules.add(field);
                    } else {
                        positional.add(field);
                    }
                }
                List<String> cls = new ArrayList<>();
                List<String> inc = new ArrayList<>();
                List<String> exc = new ArrayList<>();
                for (String r : rules) {
                    String key = r.substring(0, r.indexOf('='));
                    String glob = r.substring(r.indexOf('=') + 1);
                    if (key.equals("browse")) {
                        browse = glob;
                    } else if (key.equals("browse_commit")) {
                        browseCommit = glob;
                    } else if (key.equals("include")) {
                        inc.add(glob);
                    } else if (key.equals("exclude")) {
                        exc.add(glob);
                    } else {
                        cls.add(key + " " + glob);
                    }
                }
                rules = overrides(cls, inc, exc);
            } catch (IllegalArgumentException e) {
                throw new RepoListException(source + ":" + lineNo + ": " + e.getMessage());
            }
            fields = positional;
            if (fields.size() > 3) {
                throw new RepoListException(source + ":" + lineNo + ": expected LOCATION [NAME [TEAM]], got "
                        + fields.size() + " fields: " + trimmed);
            }
            String location = fields.get(0);
            if (location.isEmpty()) {
                throw new RepoListException(source + ":" + lineNo + ": the repository location is empty");
            }
            RepoSpec spec;
            try {
                spec = new RepoSpec(location, fields.size() > 1 ? fields.get(1) : null,
                        fields.size() > 2 ? fields.get(2) : null, rules, browse, browseCommit);
                if (!spec.isUrl() && baseDir != null && !spec.location().startsWith("~")) {
                    spec = new RepoSpec(baseDir.resolve(spec.location()).normalize().toString(),
                            fields.size() > 1 ? fields.get(1) : null, spec.team(), rules, browse, browseCommit);
                }
            } catch (RuntimeException e) {
                throw new RepoListException(source + ":" + lineNo + ": " + e.getMessage());
            }
            Integer before = seen.putIfAbsent(spec.repoId(), lineNo);
            if (before != null) {
                throw new RepoListException(source + ":" + lineNo + ": repository " + spec.redactedLocation()
                        + " is already listed on line " + before);
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /**
     * Path-class overrides ({@link RepoSpec#pathRule}) in the order they are tried: {@code classes} (each
     * {@code "CLASS GLOB"}, checked), then the includes (class source), then the excludes (class excluded), each
     * list in the order given. So an include is the exception to an exclude.
     *
     * @throws IllegalArgumentException for an unknown class or an unusable glob
     */
    public static List<String> overrides(List<String> classes, List<String> includes, List<String> excludes) {
        List<String> out = new ArrayList<>();
        for (String c : classes) {
            int sp = c.indexOf(' ');
            out.add(RepoSpec.pathRule(sp < 0 ? c : c.substring(0, sp), sp < 0 ? "" : c.substring(sp + 1)));
        }
        for (String g : includes) {
            out.add(RepoSpec.pathRule("source", g));
        }
        for (String g : excludes) {
            out.add(RepoSpec.pathRule("excluded", g));
        }
        return out;
    }

    /**
     * {@code include=GLOB}, {@code exclude=GLOB}, {@code CLASS=GLOB} for a path class of path_classes.yaml, or
     * {@code browse=TEMPLATE} / {@code browse_commit=TEMPLATE} (the repository's browse URLs, {@link BrowseUrls}).
     */
    private static boolean isOverride(String field) {
        int eq = field.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        String key = field.substring(0, eq);
        return key.equals("include") || key.equals("exclude") || key.equals("browse") || key.equals("browse_commit")
                || PathClasses.loadDefault().classIds().contains(key);
    }

    /** Whitespace-separated fields; a word starting with {@code #} starts a trailing comment. */
    static List<String> splitWords(String line) {
        List<String> fields = new ArrayList<>();
        for (String word : line.split("\\s+")) {
            if (word.startsWith("#")) {
                break;
            }
            fields.add(word);
        }
        return fields;
    }

    /** RFC 4180-ish: fields trimmed, double quotes group, a doubled quote inside quotes is a quote. */
    static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                if (!cur.toString().isBlank()) {
                    throw new IllegalArgumentException("a quote in the middle of a field: " + line);
                }
                cur.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? cur.toString() : cur.toString().strip());
                cur.setLength(0);
                wasQuoted = false;
            } else {
                if (wasQuoted && !Character.isWhitespace(c)) {
                    throw new IllegalArgumentException("text after a closing quote: " + line);
                }
                if (!wasQuoted) {
                    cur.append(c);
                }
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote: " + line);
        }
        fields.add(wasQuoted ? cur.toString() : cur.toString().strip());
        return fields;
    }
}
