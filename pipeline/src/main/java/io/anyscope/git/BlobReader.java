package io.anyscope.git;

import io.anyscope.extract.FileKinds;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

import java.io.IOException;

/**
 * Reads blobs, within a size cap, never throwing for a bad blob.
 *
 * <ul>
 *   <li>too_large: the blob's size (from its header, the content is not inflated) is over the cap;</li>
 *   <li>binary: a NUL byte in the first {@value #BINARY_PROBE} bytes;</li>
 *   <li>missing_object: the object is not in the repository;</li>
 *   <li>corrupt: it cannot be read (damaged pack or loose object, wrong object type, other I/O errors).</li>
 * </ul>
 *
 * JGit behaviour to know: when a packed object fails to inflate, JGit drops that whole pack from the
 * {@link org.eclipse.jgit.lib.Repository}'s pack list, so that later lookups of any object in it report
 * missing_object. The first read of a damaged blob says corrupt; after a corrupt result, callers should treat
 * missing_object results from the same repository instance with suspicion, or open the repository again (a new
 * instance scans the packs again, and the intact objects read normally).
 */
public final class BlobReader {
    /** How many leading bytes are searched for a NUL ({@link FileKinds#firstNul}, the one binary check of a scan). */
    public static final int BINARY_PROBE = FileKinds.BINARY_PROBE;

    private BlobReader() {
    }

    /** Reads one blob; {@code capBytes} is the largest size returned (at most {@code Integer.MAX_VALUE - 8}). */
    public static BlobResult read(ObjectReader reader, ObjectId blob, long capBytes) {
        long cap = Math.min(capBytes, Integer.MAX_VALUE - 8);
        long size = -1;
        try {
            // The size first, from the object header (no inflation): decides too_large cheaply, and tells a corrupt
            // object (header readable, data not) from a missing one, because JGit reports a packed object whose data
            // fails to inflate as missing once it has marked it corrupt.
            size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
            if (size > cap) {
                return BlobResult.failed(BlobResult.Status.TOO_LARGE, size, "blob " + blob.name() + " has " + size
                        + " bytes, over the cap of " + capBytes);
            }
            ObjectLoader loader;
            try {
                loader = reader.open(blob, Constants.OBJ_BLOB);
            } catch (MissingObjectException e) {
                return BlobResult.failed(BlobResult.Status.CORRUPT, size, "cannot read blob " + blob.name()
                        + ": its header is readable but its data is not (damaged pack or loose object)");
            }
            byte[] bytes = loader.getBytes((int) cap);
            int nul = FileKinds.firstNul(bytes);
            if (nul >= 0) {
                return BlobResult.failed(BlobResult.Status.BINARY, size, "blob " + blob.name()
                        + " is binary (NUL byte at offset " + nul + ")");
            }
            return BlobResult.ok(bytes);
        } catch (MissingObjectException e) {
            return BlobResult.failed(BlobResult.Status.MISSING_OBJECT, size, "blob " + blob.name() + " is missing");
        } catch (LargeObjectException e) {
            return BlobResult.failed(BlobResult.Status.TOO_LARGE, size, "blob " + blob.name()
                    + " is over the cap of " + capBytes + ": " + e.getMessage());
        } catch (IncorrectObjectTypeException e) {
            return BlobResult.failed(BlobResult.Status.CORRUPT, size, "object " + blob.name() + " is not a blob");
        } catch (IOException | RuntimeException e) {
            return BlobResult.failed(BlobResult.Status.CORRUPT, size, "cannot read blob " + blob.name() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
