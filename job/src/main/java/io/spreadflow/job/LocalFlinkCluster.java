package io.spreadflow.job;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Flink cluster (MiniCluster) with the web UI on a free local port, for the local demo
 * and {@code run} without a session cluster. Jobs are built with {@link #environment()} and
 * submitted with {@link #submit}.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private final MiniCluster cluster;
    private final Configuration configuration;
    private final URI webUi;

    private LocalFlinkCluster(MiniCluster cluster, Configuration configuration, URI webUi) {
        this.cluster = cluster;
        this.configuration = configuration;
        this.webUi = webUi;
    }

    /**
     * Starts one TaskManager with {@code slots} slots.
     *
     * @param configuration Flink settings of the cluster and of the jobs built on it (state backend,
     *                      checkpoints …; see {@link SpreadflowJob#flinkConfiguration})
     */
    public static LocalFlinkCluster start(Configuration configuration, int slots) throws Exception {
        Configuration conf = new Configuration(configuration);
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(RestOptions.BIND_PORT, "0");
        // a cluster inside this process has no Kerberos or cloud credentials to hand out: no token manager looking for them
        conf.set(org.apache.flink.configuration.SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
        return new LocalFlinkCluster(cluster, conf, rest);
    }

    /** The web UI (and REST API) address. */
    public URI webUi() {
        return webUi;
    }

    /** An environment carrying this cluster's settings; build the job on it, then {@link #submit}. */
    public StreamExecutionEnvironment environment() {
        return new StreamExecutionEnvironment(new Configuration(configuration));
    }

    /** Submits the job built on {@code env}; returns at once. */
    public JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
    }

    /** The failure of a job that ended unsuccessfully, else null. */
    public Throwable failure(JobID job) throws Exception {
        var result = cluster.requestJobResult(job).get(30, TimeUnit.SECONDS);
        return result.getSerializedThrowable().map(t -> t.deserializeError(getClass().getClassLoader())).orElse(null);
    }

    public void cancel(JobID job) throws Exception {
        if (!status(job).isGloballyTerminalState()) cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }
}
