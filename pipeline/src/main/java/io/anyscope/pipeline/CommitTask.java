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
 * A commit whose files must be listed: the {@code order}-th of the {@code of} commits its repository lists in
 * this run (oldest first), so that neighbouring snapshots, which share most subtrees, are listed together.
 * {@code again}: an earlier run listed it only in part (snapshot status partial or failed with files rows); its
 * files rows are replaced by this listing and its notes (symlinks, submodules), recorded by that run, are not
 * counted twice.
 */
public record CommitTask(RepoSpec repo, String repoId, String commitId, int order, int of, boolean again)
        implements Serializable {
    /** A commit no earlier run listed. */
    public CommitTask(RepoSpec repo, String repoId, String commitId, int order, int of) {
        this(repo, repoId, commitId, order, of, false);
    }

    /**
     * Contiguous runs of a repository's commits per bucket, the repositories spread by their ids. A repository's
     * commits make at most a quarter as many runs as there are buckets (one per core here): each run lists its
     * unchanged subtrees and emits its blobs once, so longer runs list less and hold fewer duplicate tasks.
     */
    int bucket(int buckets) {
        int runs = Math.max(1, buckets / 4);
        int chunk = Math.max(1, (of + runs - 1) / runs);
        return Math.floorMod(repoId.hashCode() + order / chunk, buckets);
    }

    /** The coder of commit tasks: repository, ids, position and whether it is listed again. */
    static AtomicCoder<CommitTask> coder() {
        return Coding.INSTANCE;
    }

    private static final class Coding extends AtomicCoder<CommitTask> {
        private static final Coding INSTANCE = new Coding();

        @Override
        public void encode(CommitTask t, OutputStream os) throws IOException {
            if (t == null) {
                throw new CoderException("cannot encode a null CommitTask");
            }
            DataOutputStream out = data(os);
            writeRepo(out, t.repo());
            writeString(out, t.repoId());
            writeString(out, t.commitId());
            out.writeInt(t.order());
            out.writeInt(t.of());
            out.writeBoolean(t.again());
            out.flush();
        }

        @Override
        public CommitTask decode(InputStream is) throws IOException {
            DataInputStream in = data(is);
            return new CommitTask(readRepo(in), readString(in), readString(in), in.readInt(), in.readInt(),
                    in.readBoolean());
        }
    }
}
