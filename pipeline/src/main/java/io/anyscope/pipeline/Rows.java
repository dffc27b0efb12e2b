package io.anyscope.pipeline;

import io.anyscope.data.Tables;
import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.FileSummary;
import io.anyscope.extract.Finding;
import io.anyscope.extract.Usage;
import io.anyscope.git.BrowseUrls;
import io.anyscope.git.ChangeLister;
import io.anyscope.git.FileEntry;
import io.anyscope.git.Redactor;
import io.anyscope.git.Snapshot;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/** Builds the rows of each table exactly as its Avro schema says. */
public final class Rows {
    private Rows() {
    }

    private static GenericRecord record(String table) {
        return new GenericData.Record(Tables.schema(table));
    }

    private static Integer days(LocalDate d) {
        return d == null ? null : (int) d.toEpochDay();
    }

    public static GenericRecord repo(String repoId, String name, String team, String url, String branch, String head,
                                     String status, String error, Instant scannedAt) {
        return repo(repoId, name, team, url, branch, head, status, error, scannedAt, List.of());
    }

    /** A repos row; {@code pathRules}: its path-class overrides ({@code RepoSpec.pathRules}), one line each. */
    public static GenericRecord repo(String repoId, String name, String team, String url, String branch, String head,
                                     String status, String error, Instant scannedAt, List<String> pathRules) {
        GenericRecord r = record(Tables.REPOS);
        r.put("repo_id", repoId);
        r.put("name", name);
        r.put("team", team);
        r.put("url", Redactor.redact(url));
        r.put("default_branch", branch);
        r.put("head_commit", head);
        r.put("status", status);
        r.put("error", error == null ? null : Redactor.redact(error));
        r.put("scanned_at", scannedAt.toEpochMilli());
        r.put("path_rules", pathRules.isEmpty() ? null : String.join("\n", pathRules));
        return r;
    }

    /** A repos row with where its code can be browsed ({@code remote} redacted here; templates of {@link BrowseUrls}). */
    public static GenericRecord repo(String repoId, String name, String team, String url, String branch, String head,
                                     String status, String error, Instant scannedAt, List<String> pathRules,
                                     String remote, BrowseUrls.Templates browse) {
        GenericRecord r = repo(repoId, name, team, url, branch, head, status, error, scannedAt, pathRules);
        r.put("remote", remote == null ? null : Redactor.redact(remote));
        r.put("browse_url", browse == null ? null : browse.file());
        r.put("browse_commit_url", browse == null ? null : browse.commit());
        return r;
    }

    /** A snapshots row; {@code status}: {@link SnapshotStatus} ok, partial, failed (or pending, resolved later). */
    public static GenericRecord snapshot(String repoId, Snapshot s, String status) {
        GenericRecord r = record(Tables.SNAPSHOTS);
        r.put("repo_id", repoId);
        r.put("label", s.label());
        r.put("kind", s.kind());
        r.put("period_start", days(s.periodStart()));
        r.put("period_end", days(s.periodEnd()));
        r.put("commit_id", s.commitId());
        r.put("commit_time", s.commitTime().toEpochMilli());
        r.put("author_time", s.authorTime().toEpochMilli());
        r.put("author", s.author());
        r.put("is_head", s.isHead());
        r.put("repeated", s.repeated());
        r.put("status", status);
        return r;
    }

    public static GenericRecord file(String repoId, String commitId, FileEntry f) {
        GenericRecord r = record(Tables.FILES);
        r.put("repo_id", repoId);
        r.put("commit_id", commitId);
        r.put("path", f.path());
        r.put("blob_id", f.blobId());
        r.put("size", f.size());
        r.put("parser", f.parser());
        return r;
    }

    public static GenericRecord change(String repoId, String commitId, String parentId, int seq, long commitTimeMillis,
                                       long authorTimeMillis, String author, ChangeLister.Change c) {
        GenericRecord r = record(Tables.CHANGES);
        r.put("repo_id", repoId);
        r.put("commit_id", commitId);
        r.put("parent_id", parentId);
        r.put("seq", seq);
        r.put("commit_time", commitTimeMillis);
        r.put("author_time", authorTimeMillis);
        r.put("author", author);
        r.put("path", c.path());
        r.put("change", c.change());
        r.put("old_blob_id", c.oldBlobId());
        r.put("new_blob_id", c.newBlobId());
        r.put("parser", c.parser());
        r.put("old_path", c.oldPath());
        return r;
    }

    public static GenericRecord blob(String blobId, String parser, String status, FileSummary s, long bytes,
                                     String catalogVersion, String error) {
        GenericRecord r = record(Tables.BLOBS);
        r.put("blob_id", blobId);
        r.put("parser", parser);
        r.put("status", status);
        r.put("bytes", s == null ? bytes : s.bytes());
        r.put("lines", s == null ? 0 : s.lines());
        r.put("encoding", s == null ? null : s.encoding());
        r.put("decode_error", s != null && s.decodeError());
        r.put("parse_errors", s == null ? null : s.parseErrors());
        r.put("async_defs", s == null ? null : s.asyncDefs());
        r.put("awaits", s == null ? null : s.awaits());
        r.put("async_withs", s == null ? null : s.asyncWiths());
        r.put("async_fors", s == null ? null : s.asyncFors());
        r.put("usages", s == null ? 0 : s.usages());
        r.put("config_facts", s == null ? 0 : s.configFacts());
        r.put("catalog_version", catalogVersion);
        r.put("error", error == null ? null : Redactor.redact(error));
        r.put("generated_header", s == null ? null : s.generatedHeader());
        return r;
    }

    /** A usages row; {@code suppression}: the reason of the {@code # anyscope: ignore[...]} naming it, or null. */
    public static GenericRecord usage(String blobId, Usage u, String suppression) {
        GenericRecord r = record(Tables.USAGES);
        r.put("blob_id", blobId);
        r.put("line", u.line());
        r.put("col", u.column());
        r.put("end_line", u.endLine());
        r.put("end_col", u.endColumn());
        r.put("kind", u.kind());
        r.put("context", u.context());
        r.put("library", u.library());
        r.put("symbol", u.symbol());
        r.put("alias", u.alias());
        r.put("scope", u.scope());
        r.put("in_async", u.inAsync());
        r.put("derived", u.derived());
        r.put("source_line", u.sourceLine());
        r.put("rule_id", u.ruleId());
        r.put("category", u.category());
        r.put("anyio_equivalent", u.anyioEquivalent());
        r.put("effort", u.effort());
        r.put("risk", u.risk());
        r.put("missing_name", u.missingName());
        r.put("suppression", suppression);
        r.put("via", u.via());
        r.put("via_name", u.viaName());
        return r;
    }

    public static GenericRecord config(String blobId, ConfigFact c) {
        GenericRecord r = record(Tables.CONFIG_FACTS);
        r.put("blob_id", blobId);
        r.put("kind", c.kind());
        r.put("name", c.name());
        r.put("value", c.value());
        r.put("section", c.section());
        r.put("line", c.line());
        return r;
    }

    public static GenericRecord finding(String blobId, Finding f) {
        GenericRecord r = record(Tables.FINDINGS);
        r.put("blob_id", blobId);
        r.put("rule_id", f.ruleId());
        r.put("severity", f.severity());
        r.put("line", f.line());
        r.put("col", f.column());
        r.put("end_line", f.endLine());
        r.put("end_col", f.endColumn());
        r.put("source_line", f.sourceLine());
        r.put("message", f.message());
        r.put("fix", f.fix());
        r.put("anyio", f.anyio());
        r.put("requires", f.requires());
        return r;
    }

    /** The errors row of a problem (repository and message redacted). */
    public static GenericRecord error(String runId, Problem p) {
        Problem.Subject s = p.subject();
        GenericRecord r = record(Tables.ERRORS);
        r.put("run_id", runId);
        r.put("repo_id", s.repoId());
        r.put("repo", Redactor.redact(s.repo()));
        r.put("snapshot", s.snapshot());
        r.put("path", s.path());
        r.put("blob_id", s.blobId());
        r.put("stage", p.stage().value());
        r.put("kind", p.kind());
        r.put("message", Redactor.redact(p.message()));
        r.put("at", Instant.now().toEpochMilli());
        return r;
    }

    /** The Beam coder of a table's rows. */
    static AvroCoder<GenericRecord> coder(String table) {
        return AvroCoder.of(Tables.schema(table));
    }
}
