package io.anyscope.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog of async APIs, loaded from YAML data ({@code src/catalog/catalog.yaml} and the entry files it lists).
 * Knowledge lives in the data; this class only loads, validates and looks up.
 *
 * <p>Lookup of a dotted symbol: an exact entry wins; otherwise the longest catalogued ancestor that is not a bare
 * library root ({@code asyncio.subprocess.DEVNULL} falls back to {@code asyncio.subprocess}); otherwise the longest
 * wildcard entry ({@code trio.lowlevel.*}). A symbol that matches nothing is {@code uncatalogued}.
 */
public final class Catalog {
    public static final String UNCATALOGUED = "uncatalogued";
    private static final String RESOURCE_ROOT = "/io/anyscope/catalog/";

    private final String version;
    private final Map<String, TrackedLibrary> libraries;
    private final Set<String> categories;
    private final List<String> efforts;
    private final List<String> risks;
    private final List<CatalogEntry> entries;
    private final Map<String, CatalogEntry> bySymbol;
    private final Map<String, CatalogEntry> byId;
    private final Map<String, CatalogEntry> wildcards;
    /** Opens the catalog's files again, for the reference lists read on demand ({@link #publicApi}). */
    private final Opener opener;
    private final Map<String, Optional<PublicApi>> publicApis = new ConcurrentHashMap<>();
    private Set<String> awaitedUnknown = Set.of();
    private volatile Map<String, List<String>> importableNames;
    private volatile Set<String> stdlibModules;

    private Catalog(Opener opener, String version, Map<String, TrackedLibrary> libraries, Set<String> categories,
                    List<String> efforts, List<String> risks, List<CatalogEntry> entries) {
        this.opener = opener;
        this.version = version;
        this.libraries = Collections.unmodifiableMap(libraries);
        this.categories = Collections.unmodifiableSet(categories);
        this.efforts = List.copyOf(efforts);
        this.risks = List.copyOf(risks);
        this.entries = List.copyOf(entries);
        Map<String, CatalogEntry> sym = new HashMap<>();
        Map<String, CatalogEntry> ids = new HashMap<>();
        Map<String, CatalogEntry> wild = new HashMap<>();
        for (CatalogEntry e : entries) {
            if (e.isWildcard()) {
                wild.put(e.stem(), e);
            } else {
                sym.put(e.symbol(), e);
            }
            ids.put(e.id(), e);
        }
        this.bySymbol = sym;
        this.byId = ids;
        this.wildcards = wild;
    }

    private static volatile Catalog defaultCatalog;

    /** The catalog shipped inside the jar (cached: it is immutable). */
    public static Catalog loadDefault() {
        Catalog c = defaultCatalog;
        if (c == null) {
            synchronized (Catalog.class) {
                c = defaultCatalog;
                if (c == null) {
                    c = load(name -> {
                        InputStream in = Catalog.class.getResourceAsStream(RESOURCE_ROOT + name);
                        if (in == null) {
                            throw new CatalogException("catalog resource missing: " + RESOURCE_ROOT + name);
                        }
                        return in;
                    });
                    defaultCatalog = c;
                }
            }
        }
        return c;
    }

    /** Loads a catalog from a directory holding {@code catalog.yaml} (e.g. a user's edited copy of src/catalog). */
    public static Catalog loadFrom(Path dir) {
        return load(name -> Files.newInputStream(dir.resolve(name)));
    }

    @FunctionalInterface
    interface Opener {
        InputStream open(String name) throws IOException;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode read(Opener opener, String name) {
        try (InputStream in = opener.open(name)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog file " + name + ": " + e.getMessage(), e);
        }
    }

    static Catalog load(Opener opener) {
        JsonNode root = read(opener, "catalog.yaml");
        String version = text(root, "version", "catalog.yaml");
        List<String> efforts = strings(root.path("efforts"));
        List<String> risks = strings(root.path("risks"));
        Set<String> categories = new LinkedHashSet<>();
        for (JsonNode c : root.path("categories")) {
            categories.add(c.isObject() ? text(c, "id", "catalog.yaml categories") : c.asText());
        }
        if (efforts.isEmpty() || risks.isEmpty() || categories.isEmpty()) {
            throw new CatalogException("catalog.yaml must declare efforts, risks and categories");
        }
        Map<String, TrackedLibrary> libs = new LinkedHashMap<>();
        for (JsonNode l : root.path("libraries")) {
            String name = text(l, "name", "catalog.yaml libraries");
            libs.put(name, new TrackedLibrary(name, text(l, "role", "library " + name),
                    l.path("pypi").asText(name), l.path("note").asText(""), l.path("backend_of").asText("")));
        }
        for (TrackedLibrary l : libs.values()) {
            TrackedLibrary target = l.backendOf().isEmpty() ? null : libs.get(l.backendOf());
            if (!l.backendOf().isEmpty() && (target == null || !"target".equals(target.role()))) {
                throw new CatalogException("catalog.yaml library " + l.name() + ": backend_of '" + l.backendOf()
                        + "' is not a library with role target");
            }
        }
        List<CatalogEntry> entries = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> symbols = new LinkedHashSet<>();
        for (JsonNode f : root.path("files")) {
            String file = f.asText();
            JsonNode doc = read(opener, file);
            JsonNode list = doc.has("entries") ? doc.get("entries") : doc;
            int i = 0;
            for (Iterator<JsonNode> it = list.elements(); it.hasNext(); i++) {
                JsonNode n = it.next();
                String where = file + " entry #" + (i + 1);
                String id = text(n, "id", where);
                where = file + " entry " + id;
                String symbol = text(n, "symbol", where);
                String lib = symbol.split("\\.", 2)[0];
                if (!libs.containsKey(lib)) {
                    throw new CatalogException(where + ": symbol " + symbol + " is not in a tracked library");
                }
                String category = text(n, "category", where);
                String effort = text(n, "effort", where);
                String risk = text(n, "risk", where);
                if (!categories.contains(category)) {
                    throw new CatalogException(where + ": unknown category '" + category + "'");
                }
                if (!efforts.contains(effort)) {
                    throw new CatalogException(where + ": unknown effort '" + effort + "'");
                }
                if (!risks.contains(risk)) {
                    throw new CatalogException(where + ": unknown risk '" + risk + "'");
                }
                if (!ids.add(id)) {
                    throw new CatalogException(where + ": duplicate id " + id);
                }
                if (!symbols.add(symbol)) {
                    throw new CatalogException(where + ": duplicate symbol " + symbol);
                }
                String anyio = text(n, "anyio", where);
                String note = n.path("note").asText("");
                String returns = n.hasNonNull("returns") ? n.get("returns").asText() : null;
                List<String> seeds = strings(n.path("seeds"));
                entries.add(new CatalogEntry(id, symbol, lib, n.path("kind").asText("function"), category, anyio,
                        effort, risk, note, returns, seeds));
            }
        }
        Catalog c = new Catalog(opener, version, libs, categories, efforts, risks, entries);
        c.awaitedUnknown = Set.copyOf(strings(root.path("awaited_unknown")));
        return c;
    }

    /** A required non-blank field (shared with {@link MistakeRules}). */
    static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new CatalogException(where + ": missing '" + field + "'");
        }
        return v.asText();
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (!n.isMissingNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }

    public String version() {
        return version;
    }

    public Map<String, TrackedLibrary> libraries() {
        return libraries;
    }

    public Set<String> categories() {
        return categories;
    }

    public List<String> efforts() {
        return efforts;
    }

    public List<String> risks() {
        return risks;
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    public Optional<CatalogEntry> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** True when {@code module} (a dotted import name) belongs to a tracked library. */
    public boolean tracks(String module) {
        int dot = module.indexOf('.');
        return libraries.containsKey(dot < 0 ? module : module.substring(0, dot));
    }

    /** Resolves a fully qualified symbol to its entry (see class comment for the fallback order). */
    public Optional<CatalogEntry> lookup(String symbol) {
        CatalogEntry e = bySymbol.get(symbol);
        if (e != null) {
            return Optional.of(e);
        }
        String s = symbol;
        int dot;
        while ((dot = s.lastIndexOf('.')) > 0) {
            s = s.substring(0, dot);
            if (s.indexOf('.') > 0) {
                e = bySymbol.get(s);
                if (e != null) {
                    return Optional.of(e);
                }
            }
            CatalogEntry w = wildcards.get(s);
            if (w != null) {
                return Optional.of(w);
            }
        }
        return Optional.ofNullable(wildcards.get(symbol));
    }

    /**
     * True when awaiting a value of {@code type} gives a result of unknown type ({@code asyncio.Future},
     * {@code asyncio.Task}: catalog.yaml's {@code awaited_unknown}), so no method facts follow it.
     */
    public boolean awaitedIsUnknown(String type) {
        return awaitedUnknown.contains(type);
    }

    /** Names directly under a module that the catalog knows ({@code anyio} gives {@code sleep}, ...): star imports. */
    public List<String> membersOf(String module) {
        String prefix = module + ".";
        List<String> out = new ArrayList<>();
        for (CatalogEntry e : entries) {
            String s = e.symbol();
            if (!e.isWildcard() && s.startsWith(prefix) && s.indexOf('.', prefix.length()) < 0) {
                out.add(s.substring(prefix.length()));
            }
        }
        return out;
    }
    /** The role of a tracked library ({@code legacy}, {@code target}, {@code bridge}, {@code blocker}), or null. */
    public String roleOf(String library) {
        TrackedLibrary l = libraries.get(library);
        return l == null ? null : l.role();
    }

    /**
     * The names a program can import from a tracked library, each with the symbol it names in each library that has
     * it, sorted: the last part of every module-level symbol of a catalog entry (a class, constant, exception,
     * function or module directly in a library or in one of its modules) or of a library's reference list. Per
     * library the shallowest symbol of that name stands for it (then the first in alphabetical order): {@code sleep}
     * gives {@code anyio.sleep}, {@code asyncio.sleep} (not {@code asyncio.tasks.sleep}), {@code trio.sleep};
     * {@code TaskGroup} gives {@code anyio.abc.TaskGroup}, {@code asyncio.TaskGroup}. Only these names imported from a
     * project's own module can be a compatibility layer's re-export (the extractor's cost bound). Built once.
     */
    public Map<String, List<String>> importableNames() {
        Map<String, List<String>> m = importableNames;
        if (m != null) {
            return m;
        }
        Set<String> modules = new HashSet<>(libraries.keySet());
        for (CatalogEntry e : entries) {
            if ("module".equals(e.kind()) && !e.isWildcard()) {
                modules.add(e.symbol());
            }
        }
        Set<String> symbols = new HashSet<>();
        for (CatalogEntry e : entries) {
            String s = e.symbol();
            int dot = s.lastIndexOf('.');
            if (!e.isWildcard() && dot > 0 && IMPORTABLE_KINDS.contains(e.kind())
                    && modules.contains(s.substring(0, dot))) {
                symbols.add(s);
            }
        }
        for (String lib : libraries.keySet()) {
            publicApi(lib).ifPresent(api -> {
                for (String s : api.names()) {
                    int dot = s.lastIndexOf('.');
                    if (dot > 0 && (modules.contains(s.substring(0, dot)) || api.isNamespace(s.substring(0, dot)))) {
                        symbols.add(s);
                    }
                }
            });
        }
        // per name, per library: the shallowest symbol, then the first alphabetically
        Map<String, Map<String, String>> best = new HashMap<>();
        for (String s : symbols) {
            String name = s.substring(s.lastIndexOf('.') + 1);
            String lib = s.substring(0, s.indexOf('.'));
            best.computeIfAbsent(name, k -> new HashMap<>()).merge(lib, s, (a, b) -> shallower(a, b) ? a : b);
        }
        Map<String, List<String>> out = new HashMap<>();
        best.forEach((name, byLib) -> out.put(name, List.copyOf(new TreeSet<>(byLib.values()))));
        importableNames = Collections.unmodifiableMap(out);
        return importableNames;
    }

    private static boolean shallower(String a, String b) {
        long da = a.chars().filter(c -> c == '.').count();
        long db = b.chars().filter(c -> c == '.').count();
        return da != db ? da < db : a.compareTo(b) <= 0;
    }

    private static final Set<String> IMPORTABLE_KINDS = Set.of("class", "constant", "exception", "function", "module");

    /**
     * True when {@code module}, as written in a {@code from MODULE import ...} ({@code rollouts.aio}, {@code .aio},
     * {@code .}), may be the project's own module, and so a compatibility layer: a relative import, or an absolute one
     * whose top-level package is neither a tracked library nor in Python's standard library
     * ({@code reference/python_stdlib.txt}, when the catalog ships it).
     */
    public boolean mayBeProjectModule(String module) {
        if (module.startsWith(".")) {
            return true;
        }
        int dot = module.indexOf('.');
        String top = dot < 0 ? module : module.substring(0, dot);
        return !top.isEmpty() && !libraries.containsKey(top) && !stdlibModules().contains(top);
    }

    private Set<String> stdlibModules() {
        Set<String> s = stdlibModules;
        if (s != null) {
            return s;
        }
        Set<String> out = new HashSet<>();
        try (InputStream in = opener.open("reference/python_stdlib.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
        } catch (IOException | CatalogException e) {
            // a catalog without the list (a user's older copy): no module is known to be the standard library's
        }
        stdlibModules = Set.copyOf(out);
        return stdlibModules;
    }

    /**
     * The public API of {@code library} from its reference list ({@code reference/<library>_public.txt} beside
     * {@code catalog.yaml}) plus, when shipped, every release's names ({@code reference/<library>_released.txt}), or
     * empty when the catalog ships no reference list for it. Read once, on first use.
     */
    public Optional<PublicApi> publicApi(String library) {
        return publicApis.computeIfAbsent(library, lib -> {
            try (InputStream in = opener.open("reference/" + lib + "_public.txt")) {
                InputStream released = null;
                try {
                    released = opener.open("reference/" + lib + "_released.txt");
                } catch (IOException | CatalogException e) {
                    // no list of every release's names: the curated list alone
                }
                try (InputStream more = released) {
                    return Optional.of(PublicApi.read(lib, in, more));
                }
            } catch (IOException | CatalogException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * True when {@code symbol} names something in a migration-target library ({@code anyio}) that its public API does
     * not have: migration debris such as {@code anyio.create_task} or {@code anyio.TimeoutError} left by a
     * search-and-replace of {@code asyncio}. False for other libraries and for target libraries without a reference
     * list. The one rule for "broken" sites: {@code check} and the SQL use it alike.
     */
    public boolean isMissingTargetName(String symbol) {
        int dot = symbol.indexOf('.');
        String lib = dot < 0 ? symbol : symbol.substring(0, dot);
        if (!"target".equals(roleOf(lib))) {
            return false;
        }
        return publicApi(lib).map(api -> !api.has(symbol)).orElse(false);
    }

    /**
     * The catalog entry of the legacy name a missing target name was most likely copied from: {@code anyio.X} was
     * {@code asyncio.X}, else {@code trio.X}, else the same name in the next legacy library in catalog order; only an
     * entry for exactly that name counts ({@code anyio.create_task} gives the {@code asyncio.create_task} entry).
     * Empty when no legacy library has an entry of that name. The extractor classifies missing names by it, and
     * {@code check} shows it.
     */
    public Optional<CatalogEntry> likelyOrigin(String symbol) {
        int dot = symbol.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String rest = symbol.substring(dot);
        for (TrackedLibrary l : libraries.values()) {
            if (!"legacy".equals(l.role())) {
                continue;
            }
            CatalogEntry e = bySymbol.get(l.name() + rest);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
