package io.anyscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;

/**
 * DuckDB's JNI library, extracted once per DuckDB version into the native cache
 * ({@code ~/.cache/anyscope/native/duckdb-<version>/libduckdb_java.so}) instead of into the temporary directory on
 * every start: DuckDB's driver unpacks its bundled library to a new temporary file per JVM and deletes it only on a
 * normal exit, so each killed run left 57 MB behind.
 *
 * <p>The runnable jar ships the library under {@code io/anyscope/native/duckdb/} (pipeline/pom.xml), so the driver
 * does not find its own copy and calls {@code System.loadLibrary("duckdb_java")}, which searches
 * {@code java.library.path}: the launcher puts the versioned cache directory there. Started some other way (no such
 * directory on the path), the library is linked where the driver looks next, beside the jar
 * ({@code libduckdb_java.so_<platform>}). On a class path with DuckDB's own jar (tests, IDEs) nothing is done: the
 * driver unpacks its copy as usual.
 */
final class NativeLibraries {
    private static final String SHIPPED = "/io/anyscope/native/duckdb/";
    private static boolean done;

    private NativeLibraries() {
    }

    /** Makes DuckDB's library loadable; call before DuckDB is first used. Says in one line on {@code err} when not. */
    static synchronized void prepareDuckDb(PrintWriter err) {
        if (done) {
            return;
        }
        done = true;
        String name = "libduckdb_java.so_" + platform();
        URL shipped = NativeLibraries.class.getResource(SHIPPED + name);
        if (shipped == null || NativeLibraries.class.getResource("/" + name) != null) {
            return; // not the runnable jar, or DuckDB's own copy is there: the driver unpacks it
        }
        try {
            Path dir = cacheDir().resolve("duckdb-" + duckDbVersion());
            Path lib = dir.resolve(System.mapLibraryName("duckdb_java"));
            extract(shipped, lib);
            if (onLibraryPath(dir)) {
                return;
            }
            Path beside = jarDir().resolve(name);
            if (!Files.isSymbolicLink(beside) || !Files.readSymbolicLink(beside).equals(lib)) {
                Path tmp = beside.resolveSibling(name + ".tmp-" + ProcessHandle.current().pid());
                Files.deleteIfExists(tmp);
                Files.createSymbolicLink(tmp, lib);
                move(tmp, beside);
            }
        } catch (IOException | RuntimeException e) {
            err.println("anyscope: cannot prepare DuckDB's native library (" + e.getMessage() + "); start anyscope "
                    + "with ./anyscope, or set ANYSCOPE_NATIVE_DIR to a writable directory");
        }
    }

    /** Copies the library once: to a temporary name in its directory, then renamed (concurrent starts agree). */
    private static void extract(URL shipped, Path lib) throws IOException {
        URLConnection c = shipped.openConnection();
        long size = c.getContentLengthLong();
        if (Files.isRegularFile(lib) && Files.size(lib) == size) {
            return;
        }
        Files.createDirectories(lib.getParent());
        Path tmp = Files.createTempFile(lib.getParent(), ".duckdb-", ".tmp");
        try {
            try (InputStream in = c.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            move(tmp, lib);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean onLibraryPath(Path dir) {
        for (String p : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty() && Path.of(p).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
                return true;
            }
        }
        return false;
    }

    /** The launcher's native cache ({@code -Danyscope.native.dir}), else {@code $XDG_CACHE_HOME|~/.cache}/anyscope/native. */
    static Path cacheDir() {
        String d = System.getProperty("anyscope.native.dir");
        if (d != null && !d.isEmpty()) {
            return Path.of(d);
        }
        return io.anyscope.util.CacheHome.dir("native");
    }

    /** The version of DuckDB's JDBC driver the jar was built with (pipeline/src/main/filtered). */
    static String duckDbVersion() throws IOException {
        try (InputStream in = NativeLibraries.class.getResourceAsStream("/io/anyscope/native/duckdb.properties")) {
            if (in == null) {
                throw new IOException("DuckDB's version is not in the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    private static Path jarDir() throws IOException {
        try {
            return Path.of(Class.forName("org.duckdb.DuckDBNative", false, NativeLibraries.class.getClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (ReflectiveOperationException | java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("cannot find the jar's directory", e);
        }
    }

    /** The suffix DuckDB's driver names its bundled library with. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).trim();
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT).trim();
        arch = arch.equals("x86_64") || arch.equals("amd64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
        if (os.startsWith("windows")) {
            return "windows_" + arch;
        }
        if (os.startsWith("mac") || os.startsWith("osx")) {
            return "osx_universal";
        }
        return "linux_" + arch;
    }
}
