package io.anyscope.pipeline;

import io.anyscope.git.RepoSpec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field encodings the task coders share ({@link CommitTask#coder}, {@link ChangeTask#coder},
 * {@link BlobTask#coder}): compact coders in place of Java serialization, because the DirectRunner clones a grouping's
 * in-memory state through the coder each time it touches it, and {@code SerializableCoder} (class descriptors,
 * reflection) made that a fifth of a weekly-history scan's Java time.
 */
final class TaskEncoding {
    private TaskEncoding() {
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

    static DataOutputStream data(OutputStream os) {
        return os instanceof DataOutputStream d ? d : new DataOutputStream(os);
    }

    static DataInputStream data(InputStream is) {
        return is instanceof DataInputStream d ? d : new DataInputStream(is);
    }
}
