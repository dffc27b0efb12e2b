package io.anyscope.pipeline;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import java.nio.file.Path;

/**
 * Beam's {@link TestPipeline} for one stage in a JUnit 5 test: the options of a scan run ("run-1", a cache), and a run
 * through the JUnit 4 rule's statement, so that its checks (every PAssert ran, no abandoned transform) apply.
 */
final class StagePipeline {
    private StagePipeline() {
    }

    static TestPipeline create(Path tmp) {
        ScanOptions o = PipelineOptionsFactory.create().as(ScanOptions.class);
        o.setRunId("run-1");
        o.setCache(tmp.resolve("cache").toString());
        o.setStagingDir(tmp.resolve("staging").toString());
        return TestPipeline.fromOptions(o);
    }

    /** Builds the stage and its assertions into {@code p} ({@code build}), then runs it to the end. */
    static void run(TestPipeline p, Class<?> test, java.util.function.Consumer<TestPipeline> build)
            throws Throwable {
        p.apply(new Statement() {
            @Override
            public void evaluate() {
                build.accept(p);
                p.run().waitUntilFinish();
            }
        }, Description.createTestDescription(test, "stage")).evaluate();
    }
}
