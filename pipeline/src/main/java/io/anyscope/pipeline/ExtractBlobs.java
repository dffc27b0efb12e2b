package io.anyscope.pipeline;

import io.anyscope.catalog.Catalog;
import io.anyscope.data.FactNumbers;
import io.anyscope.data.Tables;
import io.anyscope.extract.ConfigFact;
import io.anyscope.extract.ExtractionException;
import io.anyscope.extract.Extractor;
import io.anyscope.extract.FileKinds;
import io.anyscope.check.Suppressions;
import io.anyscope.extract.FileResult;
import io.anyscope.extract.FileSummary;
import io.anyscope.extract.Finding;
import io.anyscope.extract.Usage;
import io.anyscope.git.BlobReader;
import io.anyscope.git.BlobResult;
import io.anyscope.git.ErrorKind;
import io.anyscope.git.GitInputException;
import io.anyscope.git.Stage;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.eclipse.jgit.lib.ObjectId;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 4: reads each blob (with the size cap, {@link BlobReader}) and extracts its facts ({@link Extractor}; one
 * extractor, and parser, per worker thread). Outputs one blobs row per task (its status), the usages and config facts
 * rows, the findings of the migration-mistake rules, and errors: unreadable, too large, binary and refused files are failures; syntax errors, undecodable bytes
 * and configuration problems are noted beside the facts.
 */
final class ExtractBlobs extends PTransform<PCollection<BlobTask>, PCollectionTuple> {
    static final TupleTag<GenericRecord> BLOBS = new TupleTag<>() { };
    static final TupleTag<GenericRecord> USAGES = new TupleTag<>() { };
    static final TupleTag<GenericRecord> CONFIG = new TupleTag<>() { };
    static final TupleTag<GenericRecord> FINDINGS = new TupleTag<>() { };

    @Override
    public PCollectionTuple expand(PCollection<BlobTask> input) {
        PCollectionTuple out = input.apply(ParDo.of(new ExtractFn()).withOutputTags(BLOBS,
                TupleTagList.of(USAGES).and(CONFIG).and(FINDINGS).and(Problem.ERRORS)));
        out.get(BLOBS).setCoder(Rows.coder(Tables.BLOBS));
        out.get(USAGES).setCoder(Rows.coder(Tables.USAGES));
        out.get(CONFIG).setCoder(Rows.coder(Tables.CONFIG_FACTS));
        out.get(FINDINGS).setCoder(Rows.coder(Tables.FINDINGS));
        out.get(Problem.ERRORS).setCoder(Rows.coder(Tables.ERRORS));
        return out;
    }

    static final class ExtractFn extends RepoFn<BlobTask, GenericRecord> {
        private static final Counter BLOBS_C = ScanMetrics.counter("distinct_blobs");
        private static final Counter PARSED_C = ScanMetrics.counter("parsed_blobs");
        private static final Counter PREFILTERED_C = ScanMetrics.counter("prefiltered_blobs");
        private static final Counter BYTES_C = ScanMetrics.counter("bytes");
        private static final Counter FACTS_C = ScanMetrics.counter("facts");
        private static final Counter READ_CPU = StageCpu.counter("read_blobs");
        private static final Counter PREFILTERED_CPU = StageCpu.counter("extract_prefiltered");
        private static final Counter PARSED_CPU = StageCpu.counter("extract_parsed");
        private static final Counter ROWS_CPU = StageCpu.counter("fact_rows");
        private transient Extractor extractor;
        private transient String catalogVersion;
        private transient long maxFileBytes;

        @Override
        protected void prepare(ScanOptions o) {
            Catalog c = Catalog.loadDefault();
            extractor = new Extractor(c);
            catalogVersion = c.version();
            maxFileBytes = o.getMaxFileBytes();
        }

        @ProcessElement
        public void process(@Element BlobTask t, MultiOutputReceiver out) {
            Problem.Subject file = Problem.Subject.in(t.repo(), t.repoId()).file(t.path(), t.blobId());
            ScanMetrics.inc(BLOBS_C, runId(), "distinct_blobs", 1);
            long cpu = StageCpu.now();
            BlobResult r;
            ErrorKind kind;
            try {
                r = BlobReader.read(repos.reader(t.repo()), ObjectId.fromString(t.blobId()), maxFileBytes);
                kind = r.kind();
            } catch (GitInputException e) {
                // The repository cannot be opened for reading here: the opener's kind (missing_repo, corrupt, io)
                // says why, for each of its blobs.
                r = BlobResult.failed(BlobResult.Status.CORRUPT, t.size(), t.path() + ": " + e.getMessage());
                kind = e.kind();
            } catch (RuntimeException e) {
                r = BlobResult.failed(BlobResult.Status.CORRUPT, t.size(), t.path() + ": " + e);
                kind = r.kind();
            }
            cpu = StageCpu.add(READ_CPU, cpu);
            if (!r.isOk()) {
                if (r.status() == BlobResult.Status.CORRUPT) {
                    repos.evict(t.repo());
                }
                String status = switch (r.status()) {
                    case TOO_LARGE -> "too_large";
                    case BINARY -> "binary";
                    default -> "error";
                };
                GenericRecord error = report(Problem.of(file, Stage.READ, kind, r.message()));
                out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), status, null, r.size(), catalogVersion,
                        r.message()));
                out.get(Problem.ERRORS).output(error);
                return;
            }
            ScanMetrics.inc(BYTES_C, runId(), "bytes", r.bytes().length);
            FileResult res;
            try {
                res = extractor.extract(t.path(), t.parser(), r.bytes());
            } catch (ExtractionException e) {
                StageCpu.add(PARSED_CPU, cpu);
                GenericRecord error = report(Problem.extractorRefused(file, e.kind(), e.getMessage()));
                out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), e.kind().equals("binary") ? "binary"
                        : "error", null, r.bytes().length, catalogVersion, e.getMessage()));
                out.get(Problem.ERRORS).output(error);
                return;
            } catch (RuntimeException e) {
                StageCpu.add(PARSED_CPU, cpu);
                String msg = t.path() + ": extractor failed: " + e;
                GenericRecord error = report(Problem.of(file, Stage.EXTRACT, ErrorKind.OTHER, msg));
                out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), "error", null, r.bytes().length,
                        catalogVersion, msg));
                out.get(Problem.ERRORS).output(error);
                return;
            }
            FileSummary s = res.summary();
            cpu = StageCpu.add(s.prefiltered() ? PREFILTERED_CPU : PARSED_CPU, cpu);
            if (s.prefiltered()) {
                PREFILTERED_C.inc();
            } else if (FileKinds.isPython(t.parser())) {
                PARSED_C.inc();
            }
            out.get(BLOBS).output(Rows.blob(t.blobId(), t.parser(), s.prefiltered() ? "prefiltered" : "ok", s,
                    r.bytes().length, catalogVersion, null));
            Suppressions suppressions = res.usages().isEmpty() ? Suppressions.NONE : Suppressions.of(r.bytes());
            List<GenericRecord> usages = new ArrayList<>(res.usages().size());
            for (Usage u : res.usages()) {
                Suppressions.Suppression x = suppressions.find(u.line(), u.symbol(), u.ruleId());
                usages.add(Rows.usage(t.blobId(), u, x == null ? null : x.reason()));
            }
            FactNumbers.number(usages);
            for (GenericRecord u : usages) {
                out.get(USAGES).output(u);
            }
            for (ConfigFact c : res.configFacts()) {
                out.get(CONFIG).output(Rows.config(t.blobId(), c));
            }
            for (Finding f : res.findings()) {
                out.get(FINDINGS).output(Rows.finding(t.blobId(), f));
            }
            FACTS_C.inc(res.usages().size() + res.configFacts().size());
            // Recorded but not failures: the facts of the readable parts are there.
            if (s.parseErrors() != null && s.parseErrors() > 0) {
                note(out, file, ErrorKind.SYNTAX, s.parseErrors() + " syntax error node(s); facts extracted from "
                        + "the valid parts");
            }
            if (s.decodeError()) {
                note(out, file, ErrorKind.DECODE, "undecodable bytes (" + s.encoding() + ") replaced; facts still "
                        + "extracted");
            }
            for (String problem : res.problems()) {
                note(out, file, ErrorKind.CONFIG, problem);
            }
            StageCpu.add(ROWS_CPU, cpu);
        }

        private void note(MultiOutputReceiver out, Problem.Subject file, ErrorKind kind, String message) {
            out.get(Problem.ERRORS).output(report(Problem.of(file, Stage.EXTRACT, kind, message)));
        }
    }
}
