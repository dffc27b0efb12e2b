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

/** A blob to read and extract, with one of the paths it was seen at. */
public record BlobTask(RepoSpec repo, String repoId, String blobId, String path, String parser, long size)
        implements Serializable {
    /** What makes blob tasks the same work: one extraction per (blob, parser). */
    String key() {
        return blobId + "|" + parser;
    }

    /** The deterministic representative of two tasks of the same key: the smallest (repository, path). */
    static BlobTask first(BlobTask a, BlobTask b) {
        int c = a.repoId().compareTo(b.repoId());
        if (c == 0) {
            c = a.path().compareTo(b.path());
        }
        return c <= 0 ? a : b;
    }

    /** The coder of blob tasks: repository, ids, path, parser and size. */
    static AtomicCoder<BlobTask> coder() {
        return Coding.INSTANCE;
    }

    private static final class Coding extends AtomicCoder<BlobTask> {
        private static final Coding INSTANCE = new Coding();

        @Override
        public void encode(BlobTask t, OutputStream os) throws IOException {
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
        public BlobTask decode(InputStream is) throws IOException {
            DataInputStream in = data(is);
            return new BlobTask(readRepo(in), readString(in), readString(in), readString(in), readString(in),
                    in.readLong());
        }
    }
}
