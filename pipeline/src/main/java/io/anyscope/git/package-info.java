/**
 * The git layer: which repositories, which snapshots of their history, which files in each snapshot, and their
 * contents. Plain JGit, no Beam; the pipeline calls it.
 *
 * <h2>Flow</h2>
 * {@link io.anyscope.git.RepoList} / {@link io.anyscope.git.RepoSpec} &rarr; {@link io.anyscope.git.RepoOpener}
 * ({@link io.anyscope.git.OpenedRepo}) &rarr; {@link io.anyscope.git.History} ({@link io.anyscope.git.Snapshot}s)
 * &rarr; {@link io.anyscope.git.TreeLister} ({@link io.anyscope.git.FileEntry}s) &rarr;
 * {@link io.anyscope.git.BlobReader} ({@link io.anyscope.git.BlobResult}); beside the snapshots,
 * {@link io.anyscope.git.ChangeLister} compares each first-parent commit of a range with its first parent (renames and
 * copies found by {@link io.anyscope.git.Renames}, shared with {@code anyscope check}). Every failure carries an
 * {@link io.anyscope.git.ErrorKind} and a {@link io.anyscope.git.Stage}, the errors-table columns: thrown as
 * {@link io.anyscope.git.GitInputException} when nothing of the unit can be read (a repository, a branch, a commit),
 * returned as a value when one file fails (an error {@code FileEntry}, a failed {@code BlobResult}) so that the rest
 * goes on.
 *
 * <h2>Credentials</h2>
 * URL credentials ({@code https://user:token@host}, {@code https://token@host}, secret-looking query parameters) are
 * replaced by {@code ***} ({@link io.anyscope.git.Redactor}) in every message, exception, {@code toString}, the
 * {@code url} column and the repository id. The raw location is handed only to the JGit transport; the cached clone's
 * configuration records the redacted URL, and its {@code FETCH_HEAD} is deleted. Transports never prompt and time
 * out ({@link io.anyscope.git.RepoOpener#DEFAULT_TIMEOUT_SECONDS}). ssh URLs authenticate with the keys of one ssh
 * directory ({@code ~/.ssh} or {@code --ssh-dir}) and check host keys against its {@code known_hosts}
 * ({@link io.anyscope.git.SshSessions}); a password in an {@code ssh://} URL is redacted and never used, an account
 * name alone ({@code ssh://git@host}) is kept.
 *
 * <h2>Repository id</h2>
 * First 16 hex characters of the SHA-256 of the redacted, normalised location ({@link
 * io.anyscope.git.RepoSpec#normalisedLocation()}): for URLs scheme and host lower-cased, trailing {@code /} and
 * {@code .git} dropped; for local paths the absolute normalised path.
 *
 * <h2>History</h2>
 * <ul>
 *   <li><b>Branch.</b> HEAD's branch by default (for a bare clone, HEAD, which the opener points at the remote's
 *       default branch); a detached HEAD is walked as is. {@code --branch NAME} overrides it ({@code NAME},
 *       {@code refs/heads/NAME}, or a remote-tracking {@code origin/NAME}); a missing branch or an empty repository is
 *       a {@code GitInputException} (stage history, kind other).</li>
 *   <li><b>Merge policy.</b> Only the first-parent chain of the branch is walked: a merge commit is a snapshot
 *       candidate, the commits it brought in through its other parents never are (they are in its tree).</li>
 *   <li><b>Root policy.</b> The chain ends at the first commit with no parent, which is included. A missing or
 *       corrupt ancestor is an error (missing_object or corrupt, {@link io.anyscope.git.History#gap}), not a silent
 *       truncation: the line from the tip down to that commit's child is kept (its snapshots are listed as usual),
 *       the older history cannot be reached; the unreadable commit's child, whose parent tree cannot be read, has no
 *       changes rows.</li>
 *   <li><b>Dates.</b> Committer and author dates are read as JGit's {@code Instant}s (64-bit seconds): dates before
 *       1970 and after 2038 are kept as written, never wrapped to 32 bits.</li>
 *   <li><b>Time zone.</b> All periods and date windows are in UTC, from the committer date (a commit made at 01:00
 *       on a Monday in +02:00 belongs to the week before).</li>
 *   <li><b>Weeks.</b> ISO weeks, Monday to Sunday, labelled with the ISO week-based year ({@code 2024-12-30} is
 *       {@code 2025-W01}). <b>Months</b>: calendar months, labelled {@code 2026-02}. A period's snapshot is <i>the
 *       newest commit in first-parent order whose committer date is before the period's end</i> (a commit at exactly
 *       Monday 00:00:00 UTC belongs to the new week). With non-monotonic committer dates (clock skew, rewritten
 *       dates) this rule still never moves backwards in history from one period to the next; a commit dated too
 *       early brings its ancestors into its period with it.</li>
 *   <li><b>Range.</b> Periods run from the period of the earliest committer date that is not a date outlier (or of
 *       {@code since}, when later; with {@code since} every commit counts) to the period of the tip's committer date
 *       (or of {@code until}, which may be earlier or later). A date outlier
 *       ({@link io.anyscope.git.History#seriesStart}) is a commit dated more than five years (5 × 365 days) before
 *       the anchor, the oldest first-parent commit whose first-parent child follows within five years (a root
 *       commit dated 1970 in a 2026 repository): it stays in the history (the first period's snapshot is still the
 *       newest commit before that period's end), it only does not stretch the series back. Periods before
 *       the first commit produce nothing. A period without a new commit repeats the previous period's commit with
 *       {@code repeated = true} (computed from the previous period even when it is outside the window, so a label's
 *       row never depends on the window).</li>
 *   <li><b>Tags.</b> Every tag, lightweight or annotated (peeled, also through tags of tags), that points to a commit
 *       on the walked first-parent chain; tags of other branches, of trees or blobs, and dangling tags are ignored.
 *       Label: the tag name; ordered by committer date, then position in the chain, then name. {@code since} and
 *       {@code until} filter by the commit's committer date, inclusive.</li>
 *   <li><b>All.</b> Every first-parent commit, oldest first, labelled with its full id, filtered like tags.</li>
 *   <li><b>Head.</b> The tip is always included: when the last snapshot of a mode is not the tip (tags mode, or
 *       {@code until} before the tip), a snapshot with kind and label {@code head} is appended. {@code is_head} is
 *       true on every row whose commit is the tip (e.g. the tip's week and the repeated weeks after it, a tag on the
 *       tip, the {@code head} row).</li>
 *   <li><b>Changes.</b> Each first-parent commit is compared with its first parent only (a merge's other parents are
 *       its change); the root commit, which has none, adds every tracked file. No rename detection (a delete and an
 *       add); a mode change alone is no change. The range ({@link io.anyscope.git.History#changesStart}) runs from the
 *       commits after the newest one dated before the first period (weekly, monthly), before {@code since} (tags,
 *       all; the root without it) or at or before the tip's date minus the churn weeks (head), to the tip.</li>
 *   <li><b>Incremental runs.</b> The git layer has no memory of earlier runs: {@link io.anyscope.git.History}
 *       lists every snapshot of the window each time (a label always means the same commit, whatever the window).
 *       The pipeline decides what is new from the current generation of DATA ({@code pipeline.DataSet.Known}): every
 *       snapshot row of a scanned repository is written again (and {@code new_snapshots} counts the labels whose
 *       commit changed), only snapshot commits with no files rows are listed, only (blob, parser) pairs not
 *       extracted with the same extraction version are read, and only the first-parent commits outside the
 *       repository's changes coverage are compared. A repository's stored rows are replaced by the run's, except
 *       labels outside a narrower window, which are kept; so {@code is_head} is current for the repositories a run
 *       scanned, and as of their last scan for the others (their tip: the repos table's {@code head_commit}).</li>
 * </ul>
 *
 * <h2>Trees and blobs</h2>
 * {@link io.anyscope.git.TreeLister} lists the paths {@link io.anyscope.extract.FileKinds#parserFor} accepts, with
 * the size from the object header; symlinks with such names and every submodule (gitlink), whatever its name, are
 * skipped entries (kinds symlink, submodule), unreadable blobs and subtrees are error entries; the listing never stops
 * halfway.
 * {@link io.anyscope.git.BlobReader} returns the content up to a cap, or too_large / binary (a NUL byte in the first
 * 8 KiB) / missing_object / corrupt.
 */
package io.anyscope.git;
