package io.anyscope.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class TreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesATreeAndLeavesWhatLinksPointTo() throws IOException {
        Path kept = Files.createDirectories(tmp.resolve("kept"));
        Files.writeString(kept.resolve("k.txt"), "keep me");
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.writeString(tree.resolve("a/b/c/f.txt"), "x");
        Files.writeString(tree.resolve("top.txt"), "y");
        Files.createSymbolicLink(tree.resolve("a/link"), kept);
        Files.createSymbolicLink(tree.resolve("dangling"), tmp.resolve("nowhere"));

        Trees.delete(tree);

        assertThat(tree).doesNotExist();
        assertThat(kept.resolve("k.txt")).hasContent("keep me");
    }

    @Test
    void aFileALinkOrNothing() throws IOException {
        Path f = Files.writeString(tmp.resolve("f.txt"), "x");
        Trees.delete(f);
        assertThat(f).doesNotExist();
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("d.txt"), "d");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        Trees.delete(link);
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(dir.resolve("d.txt")).exists();
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        Trees.delete(dangling);
        assertThat(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThatCode(() -> Trees.delete(tmp.resolve("absent"))).doesNotThrowAnyException();
        assertThatCode(() -> Trees.deleteQuietly(null)).doesNotThrowAnyException();
    }
}
