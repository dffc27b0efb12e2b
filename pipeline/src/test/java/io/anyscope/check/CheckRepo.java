package io.anyscope.check;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;

/** A real git working copy for check tests: dated commits on main, checked out, then edited on disk. */
final class CheckRepo implements AutoCloseable {
    final Path dir;
    final GitFixture fx;

    private CheckRepo(Path dir) {
        this.dir = dir;
        this.fx = GitFixture.init(dir);
    }

    /** A working copy whose main (checked out) holds {@code files}, committed at {@code when}. */
    static CheckRepo withBase(Path dir, String when, Map<String, ?> files) throws Exception {
        CheckRepo r = new CheckRepo(dir);
        r.fx.commit("main", when, files);
        r.fx.git.reset().setMode(ResetCommand.ResetType.HARD).setRef("main").call();
        return r;
    }

    ObjectId commit(String branch, String when, Map<String, ?> files, ObjectId... parents) {
        return fx.commit(branch, when, files, parents);
    }

    void write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    void move(String from, String to) throws IOException {
        Path t = dir.resolve(to);
        Files.createDirectories(t.getParent());
        Files.move(dir.resolve(from), t);
    }

    void delete(String path) throws IOException {
        Files.delete(dir.resolve(path));
    }

    /** {@code anyscope check <dir> args...}, in process. */
    CommandRun check(String... args) {
        List<String> a = new ArrayList<>(List.of("check", dir.toString()));
        a.addAll(List.of(args));
        return CommandRun.of(a.toArray(String[]::new));
    }

    @Override
    public void close() {
        fx.close();
    }
}
