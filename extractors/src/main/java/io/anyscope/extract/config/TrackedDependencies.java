package io.anyscope.extract.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.anyscope.catalog.CatalogException;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The distributions the configuration extractor reports, loaded from {@code src/catalog/dependencies.yaml} (shipped
 * as the resource {@code /io/anyscope/catalog/dependencies.yaml}). Names are PEP 503-normalised on load.
 */
public final class TrackedDependencies {
    public static final String RESOURCE = "/io/anyscope/catalog/dependencies.yaml";
    static final Set<String> ROLES = Set.of("target", "legacy", "blocker", "testing", "compatible");

    /** One tracked distribution. */
    public record Entry(String name, String role, String note) {
    }

    private static volatile TrackedDependencies defaultInstance;

    private final String version;
    private final Map<String, Entry> byName;

    private TrackedDependencies(String version, Map<String, Entry> byName) {
        this.version = version;
        this.byName = Map.copyOf(byName);
    }

    /** The list shipped in the jar (cached: immutable). */
    public static TrackedDependencies loadDefault() {
        TrackedDependencies d = defaultInstance;
        if (d == null) {
            synchronized (TrackedDependencies.class) {
                d = defaultInstance;
                if (d == null) {
                    try (InputStream in = TrackedDependencies.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new CatalogException("resource missing: " + RESOURCE);
                        }
                        d = load(in);
                    } catch (IOException e) {
                        throw new CatalogException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
                    }
                    defaultInstance = d;
                }
            }
        }
        return d;
    }

    /** Loads and validates a dependencies.yaml document. */
    public static TrackedDependencies load(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        if (root == null || !root.path("dependencies").isArray()) {
            throw new CatalogException("dependencies.yaml: missing 'dependencies' list");
        }
        Map<String, Entry> map = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode n : root.get("dependencies")) {
            i++;
            String name = n.path("name").asText("").trim();
            String role = n.path("role").asText("").trim();
            if (name.isEmpty() || role.isEmpty()) {
                throw new CatalogException("dependencies.yaml entry #" + i + ": 'name' and 'role' are required");
            }
            if (!ROLES.contains(role)) {
                throw new CatalogException("dependencies.yaml entry " + name + ": unknown role '" + role + "'");
            }
            String key = Requirement.normalizeName(name);
            if (map.put(key, new Entry(key, role, n.path("note").asText(""))) != null) {
                throw new CatalogException("dependencies.yaml: duplicate entry " + key);
            }
        }
        return new TrackedDependencies(root.path("version").asText(""), map);
    }

    public String version() {
        return version;
    }

    /** The entry for a distribution name in any spelling, if tracked. */
    public Optional<Entry> lookup(String name) {
        return Optional.ofNullable(byName.get(Requirement.normalizeName(name)));
    }

    public boolean isTracked(String name) {
        return byName.containsKey(Requirement.normalizeName(name));
    }

    public Map<String, Entry> entries() {
        return byName;
    }
}
