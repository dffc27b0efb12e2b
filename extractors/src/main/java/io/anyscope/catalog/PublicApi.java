package io.anyscope.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The public names of one library, from its reference list ({@code src/catalog/reference/<library>_public.txt}: one
 * qualified name per line, {@code #} comments). Answers whether a dotted name a program uses exists in that API.
 *
 * <p>A name exists when it is listed, or when it is a namespace: a proper prefix of a listed name ({@code anyio.abc},
 * {@code anyio.streams}). A name below a listed name that is not a namespace (a class, function or constant) is an
 * attribute of it and exists as far as this list can tell ({@code anyio.abc.TaskGroup.start_soon}). A name below a
 * namespace that the list does not hold does not exist ({@code anyio.create_task}, {@code anyio.TimeoutError}). A star
 * import ({@code anyio.*}) exists.
 */
public final class PublicApi {
    private final String library;
    private final Set<String> names;
    private final Set<String> namespaces;

    PublicApi(String library, Set<String> names) {
        this.library = library;
        this.names = Set.copyOf(names);
        Set<String> ns = new HashSet<>();
        for (String n : names) {
            for (int dot = n.indexOf('.'); dot > 0; dot = n.indexOf('.', dot + 1)) {
                ns.add(n.substring(0, dot));
            }
        }
        ns.add(library);
        this.namespaces = Set.copyOf(ns);
    }

    /** Reads a reference list; bare names ({@code sleep}) are qualified with {@code library}. */
    static PublicApi read(String library, InputStream in) throws IOException {
        return read(library, in, null);
    }

    /**
     * Reads a reference list and, when {@code more} is not null, a second list of names that exist too (the union of
     * every release's names: {@code reference/<library>_released.txt}).
     */
    static PublicApi read(String library, InputStream in, InputStream more) throws IOException {
        Set<String> names = new HashSet<>();
        addNames(library, in, names);
        if (more != null) {
            addNames(library, more, names);
        }
        return new PublicApi(library, names);
    }

    private static void addNames(String library, InputStream in, Set<String> names) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                names.add(s.equals(library) || s.startsWith(library + ".") ? s : library + "." + s);
            }
        }
    }

    /** The listed names, qualified ({@code anyio.sleep}). */
    public Set<String> names() {
        return names;
    }

    /** True when {@code name} is a namespace of this API: the library or a proper prefix of a listed name. */
    public boolean isNamespace(String name) {
        return namespaces.contains(name);
    }

    public String library() {
        return library;
    }

    /** True when {@code symbol} (fully qualified, in this library) exists in the public API (see class comment). */
    public boolean has(String symbol) {
        if (symbol.equals(library + ".*") || names.contains(symbol) || namespaces.contains(symbol)) {
            return true;
        }
        // The longest listed or namespace prefix decides: an attribute of a class or function is fine, a missing
        // member of a namespace is not.
        String s = symbol;
        for (int dot = s.lastIndexOf('.'); dot > 0; dot = s.lastIndexOf('.')) {
            s = s.substring(0, dot);
            if (namespaces.contains(s)) {
                return false;
            }
            if (names.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
