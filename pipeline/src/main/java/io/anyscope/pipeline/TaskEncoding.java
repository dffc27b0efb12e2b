package io.anyscope.pipeline;

import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compact coders for the pipeline's tasks, in place of Java serialization: the DirectRunner clones a grouping's
 * in-memory state through the coder each time it touches it, and {@code SerializableCoder} (class descriptors,
 * reflection) made that a fifth of a weekly-history scan's Java time.
 */
final class TaskCoders {
    private TaskCoders() {
    }

    /** Repository specs decoded once per distinct value (they are few, and their constructor validates). */
    private static final ConcurrentHashMap<RepoKey, RepoSpec> SPECS = new ConcurrentHashMap<>();

    private record RepoKey(String location, String name, String team) {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeRepo(DataOutputStream out, RepoSpec r) throws IOException {
        writeString(out, r.location());
        writeString(out, r.name());
        writeString(out, r.team());
    }

    static RepoSpec readRepo(DataInputStream in) throws IOException {
        RepoKey k = new RepoKey(readString(in), readString(in), readString(in));
        RepoSpec r = SPECS.get(k);
        if (r == null) {
            r = new RepoSpec(k.location(), k.name(), k.team());
            if (SPECS.size() < 100_000) {
                SPECS.putIfAbsent(k, r);
            }
        }
        return r;
    }

    private static DataOutputStream data(OutputStream os) {
        return os instanceof DataOutputStream d ? d : new DataOutputStream(os);
    }

    private static DataInputStream data(InputStream is) {
        return is instanceof DataInputStream d ? d : new DataInputStream(is);
    }

    /** {@link ScanPipeline.BlobTask}: repository, ids, path, parser and size. */
    static final class BlobTaskCoder extends AtomicCoder<ScanPipeline.BlobTask> {
        private static final BlobTaskCoder INSTANCE = new BlobTaskCoder();

        static BlobTaskCoder of() {
            return INSTANCE;
        }

        @Override
        public void encode(ScanPipeline.BlobTask t, OutputStream os) throws IOException {
            if (t == null) {
                throw new CoderException("cannot encode a null BlobTask");
            }
            DataOutputStream out = data(os);
            writeRepo(out, t.repo());
            writeString(out, t.repoId());
            writeString(out, t.blobId());
            writeString(out, t.path());
            writeString(out, t.parser());
            out.writeLong(t.size());
            out.flush();
        }

        @Override
        public ScanPipeline.BlobTask decode(InputStream is) throws IOException {
            DataInputStream in = data(is);
            return new ScanPipeline.BlobTask(readRepo(in), readString(in), readString(in), readString(in),
                    readString(in), in.readLong());
        }
    }

    /** {@link ScanPipeline.CommitTask}: repository, ids and position. */
    static final class CommitTaskCoder extends AtomicCoder<ScanPipeline.CommitTask> {
        private static final CommitTaskCoder INSTANCE = new CommitTaskCoder();

        static CommitTaskCoder of() {
            return INSTANCE;
        }

        @Override
        public void encode(ScanPipeline.CommitTask t, OutputStream os) throws IOException {
            if (t == null) {
                throw new CoderException("cannot encode a null CommitTask");
            }
            DataOutputStream out = data(os);
            writeRepo(out, t.repo());
            writeString(out, t.repoId());
            writeString(out, t.commitId());
            out.writeInt(t.order());
            out.writeInt(t.of());
            out.flush();
        }

        @Override
        public ScanPipeline.CommitTask decode(InputStream is) throws IOException {
            DataInputStream in = data(is);
            return new ScanPipeline.CommitTask(readRepo(in), readString(in), readString(in), in.readInt(),
                    in.readInt());
        }
    }

    /** {@link ScanPipeline.ChangeTask}: repository, ids and the run of commits. */
    static final class ChangeTaskCoder extends AtomicCoder<ScanPipeline.ChangeTask> {
        private static final ChangeTaskCoder INSTANCE = new ChangeTaskCoder();

        static ChangeTaskCoder of() {
            return INSTANCE;
        }

        @Override
        public void encode(ScanPipeline.ChangeTask t, OutputStream os) throws IOException {
            if (t == null) {
                throw new CoderException("cannot encode a null ChangeTask");
            }
            DataOutputStream out = data(os);
            writeRepo(out, t.repo());
            writeString(out, t.repoId());
            writeString(out, t.lastCommitId());
            out.writeInt(t.lastSeq());
            out.writeInt(t.count());
            out.writeInt(t.chunk());
            out.flush();
        }

        @Override
        public ScanPipeline.ChangeTask decode(InputStream is) throws IOException {
            DataInputStream in = data(is);
            return new ScanPipeline.ChangeTask(readRepo(in), readString(in), readString(in), in.readInt(),
                    in.readInt(), in.readInt());
        }
    }
}
