package io.anyscope.pipeline;

import io.anyscope.git.RepoSpec;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;

import static io.anyscope.pipeline.TaskEncoding.data;
import static io.anyscope.pipeline.TaskEncoding.readRepo;
import static io.anyscope.pipeline.TaskEncoding.readString;
import static io.anyscope.pipeline.TaskEncoding.writeRepo;
import static io.anyscope.pipeline.TaskEncoding.writeString;

/**
 * A run of first-parent commits whose changes must be listed: {@code count} commits ending (newest) at
 * {@code lastCommitId}, whose position on the first-parent line is {@code lastSeq}; {@code chunk} numbers the
 * runs of a repository, to spread them over buckets.
 */
public record ChangeTask(RepoSpec repo, String repoId, String lastCommitId, int lastSeq, int count, int chunk)
        implements Serializable {
    int bucket(int buckets) {
        return Math.floorMod(repoId.hashCode() + chunk, buckets);
    }

    /** The coder of change tasks: repository, ids and the run of commits. */
    static AtomicCoder<ChangeTask> coder() {
        return Coding.INSTANCE;
    }

    private static final class Coding extends AtomicCoder<ChangeTask> {
        private static final Coding INSTANCE = new Coding();

        @Override
        public void encode(ChangeTask t, OutputStream os) throws IOException {
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
        public ChangeTask decode(InputStream is) throws IOException {
            DataInputStream in = data(is);
            return new ChangeTask(readRepo(in), readString(in), readString(in), in.readInt(), in.readInt(),
                    in.readInt());
        }
    }
}
