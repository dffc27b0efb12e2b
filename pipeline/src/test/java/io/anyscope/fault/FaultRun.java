package io.anyscope.fault;

import io.anyscope.cli.CommandRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of the {@code anyscope} command line in this JVM, as a fault case sees it: the exit code, standard output,
 * and standard error including what the pipeline's workers wrote to the process's stderr (where problems are
 * reported, on any runner). Built on {@link CommandRun}.
 */
public record FaultRun(int code, String out, String err) {
    /** {@code anyscope ARGS...}, capturing the process's stderr too. */
    public static FaultRun of(String... args) {
        CommandRun r = CommandRun.withProcessErr(args);
        return new FaultRun(r.code(), r.out(), r.err());
    }

    /**
     * {@code anyscope scan REPOS... --out DATA --cache CACHE --no-progress} plus {@code more} options: a scan as the
     * fault cases run it (a short git timeout, so that an unreachable URL fails fast).
     */
    public static FaultRun scan(Path data, Path cache, List<?> repos, String... more) {
        List<String> args = new ArrayList<>(List.of("scan"));
        repos.forEach(r -> args.add(r.toString()));
        args.addAll(List.of("--out", data.toString(), "--cache", cache.toString(), "--no-progress",
                "--gitTimeoutSeconds=5"));
        args.addAll(Arrays.asList(more));
        return of(args.toArray(String[]::new));
    }

    /**
     * Starts {@code anyscope ARGS...} in a child JVM (this JVM's java and class path, {@code -Xmx1g}, the
     * tree-sitter library this JVM was given), its stdout and stderr both going to {@code log}: for runs that are
     * killed, or that run beside one in this JVM.
     */
    public static Process child(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.anyscope.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        String lib = System.getProperty("tree-sitter-lib");
        if (lib != null) {
            cmd.add(1, "-Dtree-sitter-lib=" + lib);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The non-blank lines of stderr. */
    public List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Everything the run printed, for messages of failed assertions. */
    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
