package io.anyscope.pipeline;

import io.anyscope.data.Generation;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.values.TupleTag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes coverage a run reports, as pipeline output written beside its tables (under {@value #DIR} of the
 * staging directory; not a table): {@link ListSnapshots} reports a repository's new coverage before any of its change
 * tasks goes out, {@link ListChanges} reports a task that failed, and {@link DataSet#commit} folds the reports into
 * the new generation's manifest: a repository with a failed task loses its coverage, so the next run lists its whole
 * window again and replaces its rows.
 */
final class ChangeCoverage {
    /** The staging subdirectory of the reports. */
    static final String DIR = ".changes";
    static final TupleTag<GenericRecord> REPORTS = new TupleTag<>() { };
    static final Schema SCHEMA = SchemaBuilder.record("change_coverage").namespace("io.anyscope.internal").fields()
            .requiredString("repo_id")
            .optionalString("from")
            .optionalString("to")
            .requiredBoolean("reset")
            .requiredBoolean("failed")
            .endRecord();

    private ChangeCoverage() {
    }

    static AvroCoder<GenericRecord> coder() {
        return AvroCoder.of(SCHEMA);
    }

    /** A repository's coverage once this run's change tasks are done; {@code reset}: drop its old rows. */
    static GenericRecord recorded(String repoId, DataSet.Coverage c, boolean reset) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("repo_id", repoId);
        r.put("from", c.from());
        r.put("to", c.to());
        r.put("reset", reset);
        r.put("failed", false);
        return r;
    }

    /** Some of a repository's changes could not be listed in this run: its coverage is dropped. */
    static GenericRecord failed(String repoId) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("repo_id", repoId);
        r.put("reset", false);
        r.put("failed", true);
        return r;
    }

    /** The coverage after a run, and the repositories whose old changes rows it drops. */
    record Folded(Map<String, DataSet.Coverage> coverage, Set<String> reset) {
    }

    /** The coverage {@code before} a run, updated by the reports the run wrote into {@code staging}. */
    static Folded fold(Map<String, DataSet.Coverage> before, Path staging) throws IOException {
        Map<String, DataSet.Coverage> coverage = new TreeMap<>(before);
        Set<String> reset = new HashSet<>();
        List<String> failed = new ArrayList<>();
        for (GenericRecord r : read(staging)) {
            String repo = String.valueOf(r.get("repo_id"));
            if ((Boolean) r.get("failed")) {
                failed.add(repo);
                continue;
            }
            coverage.put(repo, new DataSet.Coverage(String.valueOf(r.get("from")), String.valueOf(r.get("to"))));
            if ((Boolean) r.get("reset")) {
                reset.add(repo);
            }
        }
        failed.forEach(coverage::remove);
        return new Folded(coverage, reset);
    }

    private static List<GenericRecord> read(Path staging) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        for (Path p : Generation.parquetFiles(staging.resolve(DIR))) {
            out.addAll(ParquetFiles.read(p, r -> true));
        }
        return out;
    }
}
