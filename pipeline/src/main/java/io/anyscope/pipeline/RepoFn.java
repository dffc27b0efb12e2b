package io.anyscope.pipeline;

import io.anyscope.git.RepoPool;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;

import java.io.IOException;

/**
 * A stage's DoFn that reads repositories on a worker: its {@link RepoPool} is set up and torn down with the DoFn
 * instance (the readers closed with each bundle, the repositories kept open), and its problems are reported through
 * {@link #report}.
 */
abstract class RepoFn<I, O> extends DoFn<I, O> {
    protected transient RepoPool repos;
    private transient String runId;

    @Setup
    public final void setup(PipelineOptions po) {
        ScanOptions o = po.as(ScanOptions.class);
        runId = o.getRunId();
        repos = new RepoPool(o.getCache());
        prepare(o);
    }

    /** What else the DoFn needs on a worker (called once per instance, after the pool is made). */
    protected void prepare(ScanOptions o) {
    }

    /** The readers of a bundle's repositories are closed with the bundle (the repositories stay open). */
    @FinishBundle
    public final void finishBundle() throws IOException {
        repos.closeReaders();
        bundleDone();
    }

    /** What else ends with a bundle (called after the readers are closed). */
    protected void bundleDone() throws IOException {
    }

    @Teardown
    public final void teardown() throws IOException {
        if (repos != null) {
            repos.close();
        }
        tornDown();
    }

    /** What else the DoFn releases when torn down (also after a failed bundle). */
    protected void tornDown() throws IOException {
    }

    /** The run's id (for errors rows built here and reported later). */
    protected String runId() {
        return runId;
    }

    /** Counts the problem, prints its stderr line and returns its errors row ({@link Problem#report}). */
    protected GenericRecord report(Problem p) {
        return p.report(runId, ScanMetrics.metrics(runId));
    }
}
