package io.anyscope.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Browse URL templates of a repository, from its remote, by the host patterns of {@code src/catalog/browse_urls.yaml}
 * (first match wins). A template holds {@code {commit}}, {@code {path}} and {@code {line}}, filled in by the SQL
 * ({@code src/sql/29_browse.sql}) and by {@link #fill}.
 */
public final class BrowseUrls {
    public static final String RESOURCE = "/io/anyscope/catalog/browse_urls.yaml";

    /** The templates of one repository: a line of a file, and a commit page (either may be null). */
    public record Templates(String file, String commit, String host) {
    }

    /** One host pattern of the file; {@code examples}: remote → the file URL of commit C, path P, line 7. */
    public record Host(String id, Pattern match, String file, String commit, List<String[]> examples) {
    }

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)(.*)$");
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/\\s:]+@)?([^@/\\s:]{2,}):(?!//)(.+)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final List<String> FILLED_LATER = List.of("commit", "path", "line");

    private final List<Host> hosts;

    private BrowseUrls(List<Host> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    private static volatile BrowseUrls shipped;

    /** The host patterns shipped inside the jar (cached). */
    public static BrowseUrls loadDefault() {
        if (shipped == null) {
            try (InputStream in = BrowseUrls.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the jar");
                }
                shipped = load(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shipped;
    }

    /** Parses a browse-URL file; a malformed entry is an {@link IllegalArgumentException} naming it. */
    public static BrowseUrls load(InputStream in, String source) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        if (root == null || !root.path("hosts").isArray()) {
            throw new IllegalArgumentException(source + ": no list 'hosts'");
        }
        List<Host> hosts = new ArrayList<>();
        int n = 0;
        for (JsonNode h : root.get("hosts")) {
            n++;
            String where = source + ", hosts[" + n + "]";
            String id = h.path("id").asText("");
            String match = h.path("match").asText("");
            String file = h.path("file").asText("");
            if (id.isEmpty() || match.isEmpty() || file.isEmpty()) {
                throw new IllegalArgumentException(where + ": id, match and file are required");
            }
            Pattern p;
            try {
                p = Pattern.compile(match);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + " (" + id + "): bad match: " + e.getDescription());
            }
            String commit = h.hasNonNull("commit") ? h.get("commit").asText() : null;
            for (String t : commit == null ? List.of(file) : List.of(file, commit)) {
                if (!t.contains("{commit}")) {
                    throw new IllegalArgumentException(where + " (" + id + "): template without {commit}: " + t);
                }
            }
            List<String[]> examples = new ArrayList<>();
            for (JsonNode e : h.path("examples")) {
                examples.add(new String[] {e.path("remote").asText(), e.path("url").asText()});
            }
            hosts.add(new Host(id, p, file, commit, examples));
        }
        return new BrowseUrls(hosts);
    }

    public List<Host> hosts() {
        return hosts;
    }

    /**
     * The templates for a remote URL (https, http, ssh, git, scp-like): the first host whose pattern matches its
     * normal form ({@link #normalise}), with {@code {scheme}}, {@code {host}} and the named groups filled in; null when
     * none matches (or the remote is not a URL).
     */
    public Templates forRemote(String remote) {
        if (remote == null) {
            return null;
        }
        String[] norm = normalise(remote.strip());
        if (norm == null) {
            return null;
        }
        for (Host h : hosts) {
            Matcher m = h.match().matcher(norm[1]);
            if (m.matches()) {
                String host = norm[1].substring(0, norm[1].indexOf('/') < 0 ? norm[1].length() : norm[1].indexOf('/'));
                return new Templates(expand(h.file(), m, norm[0], host),
                        h.commit() == null ? null : expand(h.commit(), m, norm[0], host), h.id());
            }
        }
        return null;
    }

    /** The templates of a local repository without a known remote: its working tree as a {@code file:} URL. */
    public static Templates forLocal(Path workTree) {
        String base = workTree.toAbsolutePath().normalize().toUri().toString();
        return new Templates((base.endsWith("/") ? base : base + "/") + "{path}", null, "file");
    }

    /**
     * {@code [scheme, "host/path"]}: the browse scheme (http for a plain-http remote, else https) and the remote
     * without scheme, user, password, port, trailing slashes and {@code .git}, host lower-cased; null for a local
     * path or {@code file:} URL.
     */
    static String[] normalise(String remote) {
        String scheme;
        String host;
        String path;
        Matcher s = SCHEME.matcher(remote);
        if (s.matches()) {
            scheme = s.group(1).toLowerCase(Locale.ROOT);
            if (scheme.equals("file")) {
                return null;
            }
            host = s.group(2);
            path = s.group(3);
        } else {
            Matcher scp = SCP_LIKE.matcher(remote);
            if (!scp.matches()) {
                return null;
            }
            scheme = "ssh";
            host = scp.group(1);
            path = "/" + scp.group(2);
        }
        host = host.substring(host.lastIndexOf('@') + 1);
        boolean web = scheme.equals("http") || scheme.equals("https");
        if (host.startsWith("[")) {
            host = web ? host : host.substring(0, host.indexOf(']') + 1);
        } else if (!web && host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        path = path.replaceAll("[?#].*$", "").replaceAll("/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (host.isEmpty() || path.isEmpty()) {
            return null;
        }
        return new String[] {scheme.equals("http") ? "http" : "https", host.toLowerCase(Locale.ROOT) + "/" + path};
    }

    private static String expand(String template, Matcher m, String scheme, String host) {
        Matcher p = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (p.find()) {
            String name = p.group(1);
            String value;
            if (FILLED_LATER.contains(name)) {
                value = p.group();
            } else if (name.equals("scheme")) {
                value = scheme;
            } else {
                try {
                    value = m.group(name);
                } catch (IllegalArgumentException e) {
                    value = name.equals("host") ? host : null;
                }
                if (value == null) {
                    throw new IllegalArgumentException("browse URL template " + template + ": no group {" + name + "}");
                }
            }
            p.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        p.appendTail(b);
        return b.toString();
    }

    /** A template filled in: {@code path} URL-encoded with its '/' kept (as the SQL does). */
    public static String fill(String template, String commit, String path, long line) {
        return template.replace("{commit}", commit).replace("{path}", encodePath(path))
                .replace("{line}", Long.toString(line));
    }

    /** A path as it goes into a URL: each segment percent-encoded (a space is %20), '/' kept. */
    public static String encodePath(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    /**
     * Checks a template given by the user (browse= in the repository list, browse in anyscope.toml): an http(s) or
     * file URL holding {commit} or {path}.
     */
    public static String checkTemplate(String template) {
        String t = template == null ? "" : template.strip();
        if (!(t.startsWith("https://") || t.startsWith("http://") || t.startsWith("file:"))
                || !(t.contains("{path}") || t.contains("{commit}")) || t.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a browse URL template: '" + template + "' (an http(s) or file: URL "
                    + "with {commit}, {path} and {line}, e.g. https://git.example.com/{path}?at={commit}#L{line})");
        }
        return t;
    }
}
