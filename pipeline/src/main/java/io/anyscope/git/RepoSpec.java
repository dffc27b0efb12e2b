package io.anyscope.git;

import java.io.Serializable;
import io.anyscope.catalog.PathClasses;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One repository to scan: where it is, how to call it, who owns it.
 *
 * <p>{@code location} is what the user wrote (a local working copy or bare repository, or a {@code file://},
 * {@code http(s)://}, {@code ssh://} or scp-like {@code git@host:org/repo.git} URL) and may hold credentials: it is
 * only ever handed to the transport. Everything displayed or stored uses {@link #redactedLocation()}, and
 * {@link #toString()} is redacted too.
 *
 * @param location where the repository is; credentials allowed
 * @param name     display name; when {@code null} or blank, the last path component without {@code .git}
 * @param team     owning team, or {@code null}
 * @param pathRules the repository's path-class overrides, first match first: {@code "CLASS GLOB"} each (a class of
 *                 {@code path_classes.yaml}, a space, a gitignore glob; {@link #pathRule}); the scan records them in
 *                 {@code repos.path_rules} and the SQL tries them before the rules file. Not carried between pipeline
 *                 stages (only the planner, in the driver, writes them).
 * @param browse   the repository's own browse URL template of a line of a file ({@code browse=} in the repository
 *                 list; {@code {commit}}, {@code {path}}, {@code {line}}), or {@code null}: derived from the remote
 *                 ({@link BrowseUrls}). Recorded like {@code pathRules}, not carried between stages.
 * @param browseCommit the repository's own template of a commit page ({@code browse_commit=}), or {@code null}
 */
public record RepoSpec(String location, String name, String team, List<String> pathRules, String browse,
                       String browseCommit) implements Serializable {
    /** URL schemes the opener clones from. */
    public static final Set<String> SCHEMES = Set.of("file", "http", "https", "ssh", "git", "git+ssh", "ssh+git");

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$");
    /** scp-like syntax: [user@]host:path, where host has no '/' and is longer than a drive letter. */
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/\\s:]+@)?([^@/\\s:]{2,}):(?!//)(.+)$");

    /** A location's trailing {@code /.git}, {@code .git} and separators (mart_repos strips the same). */
    private static final Pattern TRAILER = Pattern.compile("(/\\.git|\\.git)?[/\\\\]*$");
    /** The owner or parent directory of a location without its trailer: the component before the last. */
    private static final Pattern PARENT = Pattern.compile("([^/:\\\\]+)[/:\\\\][^/:\\\\]+$");

    public RepoSpec {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("repository location is empty");
        }
        location = location.strip();
        Matcher scheme = SCHEME.matcher(location);
        if (scheme.matches() && !SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unsupported URL scheme '" + scheme.group(1) + "' in "
                    + Redactor.redact(location) + " (supported: file, http, https, ssh, git)");
        }
        name = name == null || name.isBlank() ? defaultName(location) : name.strip();
        team = team == null || team.isBlank() ? null : team.strip();
        pathRules = pathRules == null ? List.of() : List.copyOf(pathRules);
        browse = browse == null || browse.isBlank() ? null : BrowseUrls.checkTemplate(browse);
        browseCommit = browseCommit == null || browseCommit.isBlank() ? null : BrowseUrls.checkTemplate(browseCommit);
    }

    public RepoSpec(String location, String name, String team, List<String> pathRules) {
        this(location, name, team, pathRules, null, null);
    }

    public RepoSpec(String location, String name, String team) {
        this(location, name, team, List.of());
    }

    /**
     * The repositories with each default name that several of them share prefixed by the owner or parent directory
     * of its location ({@code encode/starlette}, {@code encode+starlette/repo}), and where that is shared too,
     * followed by the first 8 characters of the id ({@code a/repo (1f2e3d4c)}): as the reports name such
     * repositories ({@code mart_repos}), so that a scan's stderr lines and its {@code repos} rows tell them apart.
     * Names given in the list, and names no other repository has, are kept.
     */
    public static List<RepoSpec> withDistinctNames(List<RepoSpec> specs) {
        Map<String, Integer> named = new HashMap<>();
        for (RepoSpec s : specs) {
            named.merge(s.name(), 1, Integer::sum);
        }
        List<String> names = new ArrayList<>(specs.size());
        for (RepoSpec s : specs) {
            Matcher parent = PARENT.matcher(TRAILER.matcher(s.redactedLocation()).replaceFirst(""));
            names.add(shared(s, named) && parent.find() ? parent.group(1) + "/" + s.name() : s.name());
        }
        Map<String, Integer> parented = new HashMap<>();
        for (String n : names) {
            parented.merge(n, 1, Integer::sum);
        }
        List<RepoSpec> out = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            RepoSpec s = specs.get(i);
            String name = names.get(i);
            if (shared(s, named) && parented.get(name) > 1) {
                name = name + " (" + s.repoId().substring(0, 8) + ")";
            }
            out.add(name.equals(s.name()) ? s
                    : new RepoSpec(s.location(), name, s.team(), s.pathRules(), s.browse(), s.browseCommit()));
        }
        return out;
    }

    /** The repository has its default name and another one has that name too. */
    private static boolean shared(RepoSpec s, Map<String, Integer> named) {
        return named.get(s.name()) > 1 && s.name().equals(defaultName(s.location()));
    }

    /** This repository with {@code first}, its own rules, then {@code last} as its path-class overrides. */
    public RepoSpec withPathRules(List<String> first, List<String> last) {
        List<String> all = new ArrayList<>(first);
        all.addAll(pathRules);
        all.addAll(last);
        return new RepoSpec(location, name, team, all, browse, browseCommit);
    }

    /**
     * One path-class override, {@code "CLASS GLOB"}, checked: the class must be one of {@code path_classes.yaml}'s,
     * the glob a gitignore pattern that is not blank, not a negation ({@code !}) and on one line.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String pathRule(String pathClass, String glob) {
        List<String> known = PathClasses.loadDefault().classIds();
        if (!known.contains(pathClass)) {
            throw new IllegalArgumentException("unknown path class '" + pathClass + "' (classes: "
                    + String.join(", ", known) + ")");
        }
        if (glob == null || glob.isBlank() || glob.strip().startsWith("!") || glob.contains("\n")
                || glob.contains("\r") || glob.strip().equals("/")) {
            throw new IllegalArgumentException("not a usable glob: '" + glob + "' (a gitignore pattern such as "
                    + "legacy/ or src/**/gen_*.py; no '!' negation)");
        }
        return pathClass + " " + glob.strip();
    }

    /** A repository given directly (e.g. on the command line): default name, no team. */
    public static RepoSpec of(String locationOrPath) {
        return new RepoSpec(locationOrPath, null, null);
    }

    /** A URL (any supported scheme, or scp-like): cloned into the cache. Otherwise a local path, opened in place. */
    public boolean isUrl() {
        return SCHEME.matcher(location).matches() || SCP_LIKE.matcher(location).matches();
    }

    /** The local path, for locations that are not URLs ({@code ~/} expanded, absolute, normalised). */
    public Path localPath() {
        if (isUrl()) {
            throw new IllegalStateException(redactedLocation() + " is a URL, not a local path");
        }
        String loc = location;
        if (loc.equals("~") || loc.startsWith("~/")) {
            loc = System.getProperty("user.home") + loc.substring(1);
        }
        return Path.of(loc).toAbsolutePath().normalize();
    }

    /** The location with credentials masked: the {@code url} column, and what messages quote. */
    public String redactedLocation() {
        return isUrl() ? Redactor.redact(location) : localPath().toString();
    }

    /**
     * The location the id is computed from: redacted; for URLs the scheme and host lower-cased and trailing
     * {@code /} and {@code .git} dropped (so {@code https://Host/o/r.git/} and {@code https://host/o/r} are the same
     * repository); for local paths the absolute normalised path.
     */
    public String normalisedLocation() {
        if (!isUrl()) {
            return localPath().toString();
        }
        String loc = Redactor.redact(location);
        Matcher scheme = SCHEME.matcher(loc);
        if (scheme.matches()) {
            String rest = scheme.group(2);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            int at = authority.lastIndexOf('@');
            String host = authority.substring(at + 1).toLowerCase(Locale.ROOT);
            authority = authority.substring(0, at + 1) + host;
            loc = scheme.group(1).toLowerCase(Locale.ROOT) + "://" + authority + path;
        }
        loc = stripTrailing(loc);
        return loc;
    }

    /** The stable repository id: first 16 hex characters of the SHA-256 of {@link #normalisedLocation()}. */
    public String repoId() {
        return Redactor.shortHash(normalisedLocation());
    }

    @Override
    public String toString() {
        return "RepoSpec[" + redactedLocation() + ", name=" + name + ", team=" + team + "]";
    }

    private static String stripTrailing(String loc) {
        String s = loc;
        boolean changed = true;
        while (changed) {
            changed = false;
            while (s.length() > 1 && s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
                changed = true;
            }
            if (s.endsWith(".git") && s.length() > 4) {
                s = s.substring(0, s.length() - 4);
                changed = true;
            }
        }
        return s;
    }

    /** The last path component without {@code .git}; for {@code repo/.git} the component before it. */
    static String defaultName(String location) {
        String loc = location.strip();
        String path;
        Matcher scheme = SCHEME.matcher(loc);
        Matcher scp = SCP_LIKE.matcher(loc);
        if (scheme.matches()) {
            String rest = scheme.group(2);
            int q = indexOfAny(rest, "?#");
            if (q >= 0) {
                rest = rest.substring(0, q);
            }
            int slash = rest.indexOf('/');
            path = slash < 0 ? "" : rest.substring(slash);
        } else if (scp.matches()) {
            path = scp.group(2);
        } else {
            path = RepoSpec.of0(loc);
        }
        String[] parts = path.replace('\\', '/').split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String p = parts[i];
            if (p.endsWith(".git")) {
                p = p.substring(0, p.length() - 4);
            }
            if (!p.isEmpty() && !p.equals(".") && !p.equals("..")) {
                return p;
            }
        }
        return loc.isEmpty() ? "repository" : Redactor.redact(loc);
    }

    private static String of0(String localPath) {
        String loc = localPath;
        if (loc.equals("~") || loc.startsWith("~/")) {
            loc = System.getProperty("user.home") + loc.substring(1);
        }
        try {
            return Path.of(loc).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return loc;
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
