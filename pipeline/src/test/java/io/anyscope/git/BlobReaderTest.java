package io.anyscope.git;

import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.anyscope.git.GitFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class BlobReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsWithinTheCapAndRefusesLargerBlobs() {
        try (GitFixture g = GitFixture.init(tmp.resolve("sizes"));
             ObjectReader reader = g.repo.newObjectReader()) {
            g.commit("main", "2024-05-01T10:00:00Z", Map.of("small.py", "0123456789", "big.py", "0123456789A"));
            BlobResult ok = BlobReader.read(reader, g.blobId("0123456789"), 10);
            assertThat(ok.isOk()).isTrue();
            assertThat(ok.kind()).isNull();
            assertThat(new String(ok.bytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
            BlobResult big = BlobReader.read(reader, g.blobId("0123456789A"), 10);
            assertThat(big.status()).isEqualTo(BlobResult.Status.TOO_LARGE);
            assertThat(big.kind()).isEqualTo(ErrorKind.TOO_LARGE);
            assertThat(big.size()).isEqualTo(11);
            assertThat(big.bytes()).isNull();
            assertThat(big.message()).contains("11 bytes, over the cap of 10");
        }
    }

    @Test
    void aNulByteInTheFirst8KiBIsBinary() {
        byte[] early = "import os\n\0rest".getBytes(StandardCharsets.ISO_8859_1);
        byte[] late = new byte[BlobReader.BINARY_PROBE + 10];
        Arrays.fill(late, (byte) 'a');
        late[BlobReader.BINARY_PROBE] = 0; // just after the probe: text
        try (GitFixture g = GitFixture.init(tmp.resolve("binary"));
             ObjectReader reader = g.repo.newObjectReader()) {
            g.commit("main", "2024-05-01T10:00:00Z", Map.of("early.py", bytes(early), "late.py", bytes(late)));
            ObjectId earlyId;
            ObjectId lateId;
            try (var f = new org.eclipse.jgit.lib.ObjectInserter.Formatter()) {
                earlyId = f.idFor(org.eclipse.jgit.lib.Constants.OBJ_BLOB, early);
                lateId = f.idFor(org.eclipse.jgit.lib.Constants.OBJ_BLOB, late);
            }
            BlobResult bin = BlobReader.read(reader, earlyId, 1 << 20);
            assertThat(bin.kind()).isEqualTo(ErrorKind.BINARY);
            assertThat(bin.message()).contains("NUL byte at offset 10");
            assertThat(BlobReader.read(reader, lateId, 1 << 20).isOk()).isTrue();
        }
    }

    @Test
    void aMissingBlob() throws Exception {
        try (GitFixture g = GitFixture.init(tmp.resolve("missing"));
             ObjectReader reader = g.repo.newObjectReader()) {
            g.commit("main", "2024-05-01T10:00:00Z", Map.of("gone.py", "gone\n"));
            ObjectId gone = g.blobId("gone\n");
            Files.delete(TreeListerTest.looseObject(g.repo, gone));
            BlobResult r = BlobReader.read(reader, gone, 1000);
            assertThat(r.kind()).isEqualTo(ErrorKind.MISSING_OBJECT);
            assertThat(r.message()).isEqualTo("blob " + gone.name() + " is missing");
        }
    }

    @Test
    void aCorruptPackIsReportedNotThrown() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) ('a' + (noise[i] & 0x0f)); // text, but incompressible enough to span many bytes
        }
        Path dir = tmp.resolve("corrupt");
        ObjectId victim;
        ObjectId bystander;
        try (GitFixture g = GitFixture.init(dir)) {
            g.commit("main", "2024-05-01T10:00:00Z", Map.of("big.py", bytes(noise), "small.py", "ok = 1\n"));
            try (var f = new org.eclipse.jgit.lib.ObjectInserter.Formatter()) {
                victim = f.idFor(org.eclipse.jgit.lib.Constants.OBJ_BLOB, noise);
            }
            bystander = g.blobId("ok = 1\n");
            g.git.gc().call(); // packs everything and prunes the loose copies
        }
        Path packDir = dir.resolve(".git/objects/pack");
        List<Path> packs;
        try (Stream<Path> s = Files.list(packDir)) {
            packs = s.filter(p -> p.toString().endsWith(".pack")).toList();
        }
        assertThat(packs).hasSize(1);
        Path pack = packs.get(0);
        Path idx = Path.of(pack.toString().replace(".pack", ".idx"));
        long offset = PackIndex.open(idx.toFile()).findOffset(victim);
        assertThat(offset).isPositive();
        assertThat(dir.resolve(".git/objects/" + victim.name().substring(0, 2))).doesNotExist();
        try (RandomAccessFile raf = new RandomAccessFile(pack.toFile(), "rw")) {
            raf.seek(offset + 100); // inside the victim's deflated data, header and trailer intact
            byte[] garbage = new byte[512];
            Arrays.fill(garbage, (byte) 0x5a);
            raf.write(garbage);
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile())
                .setMustExist(true).build();
             ObjectReader reader = repo.newObjectReader()) {
            // the header is intact, so the listing still gets the size cheaply
            assertThat(TreeLister.list(repo, repo.resolve("main")))
                    .extracting(FileEntry::path, FileEntry::size, FileEntry::skip)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("big.py", (long) noise.length, null),
                            org.assertj.core.groups.Tuple.tuple("small.py", 7L, null));
            BlobResult ok = BlobReader.read(reader, bystander, 1 << 20);
            assertThat(ok.isOk()).as(ok.message()).isTrue();
            BlobResult r = BlobReader.read(reader, victim, 1 << 20);
            assertThat(r.kind()).isEqualTo(ErrorKind.CORRUPT);
            assertThat(r.message()).startsWith("cannot read blob " + victim.name());
            // JGit then drops the whole pack from this Repository's pack list: its other objects read as missing
            // until the repository is opened again (documented in BlobReader).
            assertThat(BlobReader.read(reader, bystander, 1 << 20).kind()).isEqualTo(ErrorKind.MISSING_OBJECT);
        }
        try (Repository reopened = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile())
                .setMustExist(true).build();
             ObjectReader reader = reopened.newObjectReader()) {
            assertThat(BlobReader.read(reader, bystander, 1 << 20).isOk()).isTrue();
        }
    }
}
