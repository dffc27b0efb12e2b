package io.anyscope.git;

import org.eclipse.jgit.lib.ObjectId;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One snapshot of a repository: a commit chosen to stand for a period, a tag, a commit, or the branch tip. Matches a
 * row of the snapshots table (plus the repository id the caller adds).
 *
 * @param label       {@code 2026-W07} (ISO week-based year), {@code 2026-02}, a tag name, a commit id, or
 *                    {@code head}
 * @param kind        week, month, tag, commit or head ({@link #WEEK} ...)
 * @param periodStart first day (UTC) of the week or month; {@code null} for tags, commits and head
 * @param periodEnd   last day (UTC) of the week or month; {@code null} for tags, commits and head
 * @param commitId    the commit, 40 hex digits
 * @param commitTime  its committer date
 * @param authorTime  its author date
 * @param author      its author's name
 * @param isHead      the commit is the tip of the walked branch (every row with that commit is marked)
 * @param repeated    periodic snapshots only: the period had no new commit, so the previous period's commit is
 *                    repeated
 */
public record Snapshot(String label, String kind, LocalDate periodStart, LocalDate periodEnd, String commitId,
                       Instant commitTime, Instant authorTime, String author, boolean isHead, boolean repeated)
        implements Serializable {
    public static final String WEEK = "week";
    public static final String MONTH = "month";
    public static final String TAG = "tag";
    public static final String COMMIT = "commit";
    public static final String HEAD = "head";

    /** The commit as a JGit id. */
    public ObjectId commit() {
        return ObjectId.fromString(commitId);
    }
}
