package io.anyscope.pipeline;

import io.anyscope.extract.Extractor;
import io.anyscope.git.History;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

import java.util.List;

/**
 * The settings of a scan: the one place each is declared, described and given its default. Beam pipeline options,
 * so that they travel to the workers of any runner (and Beam arguments such as {@code --buckets=8} set them too);
 * the command line fills them, planning and the stages read them.
 *
 * <p>{@link #create} makes them without Beam's options factory (its start-up is most of an unchanged re-run's
 * time); {@link #withArgs} adds Beam's own arguments, and {@link #asBeam} makes Beam's when a pipeline is built.
 */
public interface ScanOptions extends PipelineOptions {
    @Description("Snapshots to take: HEAD, WEEKLY, MONTHLY, TAGS or ALL (anyscope scan --history also takes lower case)")
    @Default.Enum("HEAD")
    History.Mode getHistory();

    void setHistory(History.Mode value);

    @Description("First day (UTC, yyyy-mm-dd) of the history to read")
    String getSince();

    void setSince(String value);

    @Description("Last day (UTC, yyyy-mm-dd) of the history to read")
    String getUntil();

    void setUntil(String value);

    @Description("Branch to walk instead of each repository's default branch")
    String getBranch();

    void setBranch(String value);

    @Description("Directory where repositories given by URL are cloned (bare) and fetched")
    @Default.InstanceFactory(DefaultCache.class)
    String getCache();

    void setCache(String value);

    @Description("Directory with the ssh keys, known_hosts and config that ssh:// and scp-like (user@host:path) "
            + "URLs use, as OpenSSH reads them (id_ed25519, id_ecdsa, id_rsa, ..., IdentityFile in config); "
            + "default: ~/.ssh. Give a CI job's deploy key this way. Host keys must be in its known_hosts")
    String getSshDir();

    void setSshDir(String value);

    @Description("Files larger than this many bytes are recorded as too_large and not read")
    @Default.Long(Extractor.DEFAULT_MAX_BYTES)
    long getMaxFileBytes();

    void setMaxFileBytes(long value);

    @Description("Seconds before a clone or fetch of a URL gives up")
    @Default.Integer(60)
    int getGitTimeoutSeconds();

    void setGitTimeoutSeconds(int value);

    /** The default is the same as the SQL variable anyscope_churn_weeks's. */
    @Description("With --history head: weeks before the tip whose commits the changes table lists (churn)")
    @Default.Integer(8)
    int getChurnWeeks();

    void setChurnWeeks(int value);

    @Description("Work buckets: commits and blobs are spread over this many keys (0 = four per core here). More "
            + "buckets spread work over more workers on a cluster; each bucket costs the DirectRunner one bundle")
    @Default.Integer(0)
    int getBuckets();

    void setBuckets(int value);

    @Description("Files per table (fixed sharding); 0 = as the runner's bundles come (default)")
    @Default.Integer(0)
    int getShards();

    void setShards(int value);

    @Description("Build the reports' materialised marts as the run commits (linked from the generation before when "
            + "the data is the same); off: the first report builds them")
    @Default.Boolean(true)
    boolean getMarts();

    void setMarts(boolean value);

    @Description("Show the progress of the run on the terminal")
    @Default.Boolean(true)
    boolean getProgress();

    void setProgress(boolean value);

    @Description("The command line of the run, recorded (redacted) in the runs table")
    String getArguments();

    void setArguments(String value);

    @Description("Identifier of this run (set by the scan command)")
    String getRunId();

    void setRunId(String value);

    @Description("Directory the run writes its tables to (set by the scan command)")
    String getStagingDir();

    void setStagingDir(String value);

    /** Options with their defaults, made without Beam's options factory ({@link PlainOptions}). */
    static ScanOptions create() {
        return PlainOptions.create();
    }

    /**
     * The options with Beam's own parsed from {@code args} ({@code --runner=FlinkRunner}, ...; those set on
     * {@code o}, made by {@link #create}, win); {@code o} itself when there are none.
     */
    static ScanOptions withArgs(ScanOptions o, List<String> args) {
        return args.isEmpty() ? o : PlainOptions.toBeam(o, args);
    }

    /** The options as Beam's, to build a pipeline with: {@code o}, or a copy of it when made by {@link #create}. */
    static ScanOptions asBeam(ScanOptions o) {
        return PlainOptions.isPlain(o) ? PlainOptions.toBeam(o, List.of()) : o;
    }

    /**
     * The constant default a property declares ({@code @Default.Long(...)}, ...), for a command line's help; null
     * when it has none or a computed one. {@code property} as in its getter's name: {@code MaxFileBytes}.
     */
    static Object declaredDefault(String property) {
        return PlainOptions.declaredDefault(property);
    }

    /** The number of work buckets: --buckets, or four per core here. */
    static int buckets(ScanOptions o) {
        return o.getBuckets() > 0 ? o.getBuckets() : 4 * Runtime.getRuntime().availableProcessors();
    }

    /** The default place for clones of repositories given by URL: ~/.cache/anyscope/repos (or XDG_CACHE_HOME's). */
    final class DefaultCache implements DefaultValueFactory<String> {
        @Override
        public String create(PipelineOptions options) {
            return io.anyscope.util.CacheHome.dir("repos").toString();
        }
    }
}
