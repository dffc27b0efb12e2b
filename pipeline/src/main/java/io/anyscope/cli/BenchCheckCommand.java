package io.anyscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anyscope.bench.BenchRepos;
import io.anyscope.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anyscope bench check}: {@code check} of a pull request in a large generated repository (the history
 * repository of {@code bench scan}, about 9,000 files), each run a child JVM so that its wall time includes JVM start
 * and its peak RSS is its own: between two commits about {@code --changed} files apart, in a working copy with
 * {@code --changed} edited files, and a full check of that working copy (every file, as for a first baseline).
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark `anyscope check` of a pull request in a generated 9,000-file repository.",
                "Prints wall time (JVM start included), files parsed and peak RSS per phase."})
public final class BenchCheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    GeneratedHistoryOptions history;

    @Option(names = "--work", defaultValue = ".bench", description = "Where generated repositories and logs go (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--changed", defaultValue = "20", description = "Files the pull request changes (default: ${DEFAULT-VALUE}).")
    int changed;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per phase (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--phases", split = ",", defaultValue = "refs,worktree,full",
            description = "refs (two commits), worktree (edited working copy against HEAD), full (every file) (default: ${DEFAULT-VALUE}).")
    List<String> phases;

    @Option(names = "--child-java-opts", description = "JVM options of the check processes (default: this JVM's own).")
    String childJavaOpts;

    record Run(double wallS, long peakKb, long cpuMs, JsonNode result, int exit) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(work.resolve("logs"));
        Path hist = history.repoUnder(work);
        BenchRepos.HistoryShape shape = history.generate(hist, out);
        out.printf("repository: %s: %d files (%.0f MB) at the tip; machine: %d cores, load %s; JVM options: %s%n",
                hist, shape.headFiles(), shape.headBytes() / 1e6, Runtime.getRuntime().availableProcessors(),
                BenchScanCommand.load(), String.join(" ", javaOpts()));
        out.flush();
        for (String phase : phases) {
            List<String> args;
            switch (phase) {
                case "refs" -> {
                    String[] range = prRange(hist);
                    out.printf("%nrefs: check --base %s --head main (%s files differ), bare repository%n",
                            range[0].substring(0, 10), range[1]);
                    args = List.of("check", hist.toString(), "--base", range[0], "--head", "main");
                }
                case "worktree" -> {
                    Path wt = worktree(hist, out);
                    edit(wt);
                    out.printf("%nworktree: check --base HEAD in a working copy with %d edited files%n", changed);
                    args = List.of("check", wt.toString(), "--base", "HEAD");
                }
                case "full" -> {
                    Path wt = worktree(hist, out);
                    out.printf("%nfull: check of every file of the working copy (no base: as for a first baseline)%n");
                    args = List.of("check", wt.toString());
                }
                default -> {
                    spec.commandLine().getErr().println("anyscope bench check: unknown phase " + phase
                            + " (refs, worktree, full)");
                    return Main.USAGE;
                }
            }
            for (int i = 1; i <= runs; i++) {
                List<String> a = new ArrayList<>(args);
                a.addAll(List.of("--format", "json"));
                Run r = runChild(phase + "-" + i, a);
                JsonNode j = r.result();
                double mb = phase.equals("full") ? shape.headBytes() / 1e6 / r.wallS() : 0;
                out.printf("  run %d: %6.2f s wall (JVM start included), exit %d, %s files parsed, %s findings, "
                                + "peak RSS %d MB, CPU %.1f s%s%n", i, r.wallS(), r.exit(),
                        j == null ? "?" : j.get("files_parsed").asText(),
                        j == null ? "?" : j.get("findings").size(), r.peakKb() / 1024, r.cpuMs() / 1000.0,
                        mb > 0 ? String.format(", %.1f MB/s", mb) : "");
                out.flush();
            }
            out.println("  command: java " + String.join(" ", javaOpts()) + " -cp <jar> "
                    + BenchChild.class.getName() + " " + String.join(" ", args));
        }
        out.println("\ntarget: a pull request of 20 files in a 9,000-file repository < 3 s wall including JVM start");
        return Main.OK;
    }

    /** A first-parent ancestor of main whose tree differs from main's in at least {@link #changed} files. */
    private String[] prRange(Path hist) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(hist.toFile()).setMustExist(true).build();
             RevWalk rw = new RevWalk(repo)) {
            RevCommit tip = rw.parseCommit(repo.resolve("main"));
            RevCommit c = tip;
            int n = 0;
            while (n < changed && c.getParentCount() > 0) {
                c = rw.parseCommit(c.getParent(0));
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(c.getTree());
                    tw.addTree(tip.getTree());
                    tw.setRecursive(true);
                    tw.setFilter(TreeFilter.ANY_DIFF);
                    n = 0;
                    while (tw.next()) {
                        n++;
                    }
                }
            }
            return new String[] {c.getName(), Integer.toString(n)};
        }
    }

    /** A non-bare clone of the history repository (made once), reset to its HEAD. */
    private Path worktree(Path hist, PrintWriter out) throws Exception {
        Path wt = work.resolve(hist.getFileName().toString().replace(".git", "") + "-worktree");
        Path marker = wt.resolve(".git").resolve("anyscope-bench-complete");
        if (!Files.exists(marker)) {
            out.printf("cloning %s into %s ...%n", hist, wt);
            out.flush();
            Trees.delete(wt);
            try (Git g = Git.cloneRepository().setURI(hist.toUri().toString()).setDirectory(wt.toFile()).call()) {
                // files written in the same second as the index are "racily clean" and hashed on every status:
                // wait, then re-stat them all into the index, as `git status` would
                Thread.sleep(2000);
                g.add().addFilepattern(".").call();
            }
            Files.writeString(marker, "complete\n");
        }
        try (Git g = Git.open(wt.toFile())) {
            g.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
        }
        return wt;
    }

    /** Edits {@link #changed} Python files of the working copy (the first by path): each gets a new create_task. */
    private void edit(Path wt) throws IOException {
        Map<String, Path> py = new TreeMap<>();
        try (var s = Files.walk(wt)) {
            s.filter(p -> p.toString().endsWith(".py") && !p.toString().contains("/.git/"))
                    .forEach(p -> py.put(wt.relativize(p).toString(), p));
        }
        int n = 0;
        for (Path p : py.values()) {
            if (n++ >= changed) {
                break;
            }
            Files.writeString(p, Files.readString(p, StandardCharsets.UTF_8)
                    + "\n\nimport asyncio\n\n\nasync def _added_by_the_pull_request():\n"
                    + "    asyncio.create_task(_added_by_the_pull_request())\n", StandardCharsets.UTF_8);
        }
    }

    private Run runChild(String label, List<String> args) throws IOException, InterruptedException {
        Path stdout = work.resolve("logs").resolve("check-" + label + ".out");
        BenchChild.Result r = BenchChild.run(BenchChild.command(childJavaOpts, args), stdout,
                work.resolve("logs").resolve("check-" + label + ".err"), 50);
        JsonNode j = null;
        try {
            j = JSON.readTree(stdout.toFile());
        } catch (IOException e) {
            // reported as "?"
        }
        return new Run(r.wallS(), r.peakKb(), r.cpuMs(), j, r.exit());
    }

    private List<String> javaOpts() {
        return BenchChild.javaOpts(childJavaOpts);
    }
}
