package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSParser;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The launcher's optional -O2 tree-sitter (src/native/tree-sitter-o2.sh, preloaded in place of the -O0 code inside
 * bonede's libraries) must give exactly the facts that bonede's own build gives: the script builds it here, a child
 * JVM extracts every fixture with it preloaded, and its output must equal this JVM's.
 */
class OptimisedParserTest {
    @TempDir
    Path tmp;

    @Test
    void theOptimisedLibraryGivesIdenticalFacts() throws Exception {
        Path script = Path.of("..", "src", "native", "tree-sitter-o2.sh").toAbsolutePath().normalize();
        Path bonedeJar = Path.of(TSParser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = Path.of("target", "native-o2").toAbsolutePath();
        Files.createDirectories(dir);
        Path log = tmp.resolve("build.log");
        // stdout to a file, not read from a pipe: reading the pipe to its end would wait for a hung build forever,
        // before the time limit below is even looked at
        Path buildOut = tmp.resolve("build.out");
        Process build = new ProcessBuilder("bash", script.toString(), dir.toString(), bonedeJar.toString())
                .redirectError(log.toFile()).redirectOutput(buildOut.toFile()).start();
        boolean finished = build.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            build.destroyForcibly();
        }
        String lib = finished ? Files.readString(buildOut, StandardCharsets.UTF_8).strip() : "";
        boolean built = finished && build.exitValue() == 0
                && !lib.isEmpty() && Files.isRegularFile(Path.of(lib));
        if (!built) {
            String why = Files.exists(log) ? Files.readString(log) : "(no log)";
            if (System.getenv("CI") != null) {
                fail("the -O2 tree-sitter could not be built in CI (needs gcc and npm): " + why);
            }
            Assumptions.assumeTrue(false, "the -O2 tree-sitter could not be built here: " + why);
        }

        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        String nativeDir = System.getProperty("tree-sitter-lib");
        if (nativeDir != null) {
            cmd.add("-Dtree-sitter-lib=" + nativeDir);
        }
        cmd.add(OptimisedParserTest.class.getName());
        Path childOut = tmp.resolve("child.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("child.log").toFile())
                .redirectOutput(childOut.toFile());
        pb.environment().put("LD_PRELOAD", lib);
        Process child = pb.start();
        boolean childFinished = child.waitFor(5, TimeUnit.MINUTES);
        if (!childFinished) {
            child.destroyForcibly();
        }
        assertThat(childFinished).isTrue();
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        String out = Files.readString(childOut, StandardCharsets.UTF_8);

        String first = out.substring(0, out.indexOf('\n'));
        assertThat(first).as("the child ran with the -O2 library").startsWith("optimised -O2 build");
        assertThat(AnyscopeTs.nativeInUse()).as("this JVM runs bonede's build").startsWith("bonede");
        assertThat(out.substring(out.indexOf('\n') + 1)).isEqualTo(renderAll());
    }

    /** Every fixture's full output, as {@link GoldenTest} renders it. */
    static String renderAll() throws IOException, ExtractionException {
        Extractor x = new Extractor(Catalog.loadDefault());
        // the prefilter off as well: every file parsed
        Extractor unfiltered = new Extractor(Catalog.loadDefault(), false);
        StringBuilder sb = new StringBuilder();
        for (Path p : Fixtures.pythonFiles()) {
            String name = p.getFileName().toString();
            byte[] source = Files.readAllBytes(p);
            sb.append("== ").append(name).append('\n').append(GoldenTest.render(x.extract(name, source)));
            sb.append("== no prefilter\n").append(GoldenTest.render(unfiltered.extract(name, source)));
        }
        return sb.toString();
    }

    /** The child: prints the native library in use, then every fixture's output. */
    public static void main(String[] args) throws Exception {
        String rendered = renderAll();
        // UTF-8, as the parent decodes it: System.out would use the locale's charset (US-ASCII under LANG=C, where
        // any non-ASCII source line in a fixture would come out as '?' and differ)
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        out.print(AnyscopeTs.nativeInUse() + "\n" + rendered);
        out.flush();
    }
}
