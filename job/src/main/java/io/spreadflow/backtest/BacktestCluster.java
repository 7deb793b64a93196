package io.spreadflow.backtest;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The local cluster (MiniCluster: one TaskManager) a backtest runs on, in the JVM that collects its
 * results. Started apart from the job so that a command can start it first and build the job while it
 * comes up: starting a cluster takes longer than running a short backtest.
 */
public final class BacktestCluster {

    private final MiniCluster cluster;

    private BacktestCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a cluster with {@code slots} slots (a backtest needs its parallelism) on another thread. */
    public static CompletableFuture<BacktestCluster> startAsync(int slots) {
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1");
        // SLF4J binds its backend, and log4j reads its configuration, on the first logger asked for: two
        // threads doing that at once get "substitute loggers" (and a notice on stderr) or loggers of the
        // default configuration. Done here, before the cluster's thread logs.
        LoggerFactory.getLogger(BacktestCluster.class);
        CompletableFuture<BacktestCluster> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(start(slots));
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "backtest-cluster-start");
        starter.setDaemon(true);
        starter.start();
        return started;
    }

    /** Starts a cluster with {@code slots} slots. */
    public static BacktestCluster start(int slots) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new BacktestCluster(cluster);
    }

    /**
     * The cluster settings: those of Flink's own local execution (the web UI on a free port), without the
     * pauses in which the job's slot requests are batched (20 ms) and the resource manager collects
     * requirements (50 ms): the one job asks once.
     */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.SLOT_REQUEST_MAX_INTERVAL, Duration.ZERO);
        conf.set(ResourceManagerOptions.REQUIREMENTS_CHECK_DELAY, Duration.ZERO);
        // the cluster runs inside this process, without Kerberos or cloud credentials to hand out
        conf.set(org.apache.flink.configuration.SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        return conf;
    }

    /** The cluster {@code starting} gives, or the failure of its start. */
    static BacktestCluster await(CompletableFuture<BacktestCluster> starting) throws Exception {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /**
     * Runs {@code graph} to its end; a failed job throws its {@link org.apache.flink.runtime.client.JobExecutionException}.
     */
    public JobExecutionResult execute(StreamGraph graph) throws Exception {
        try {
            var submitted = cluster.submitJob(graph).get();
            JobResult result = cluster.requestJobResult(submitted.getJobID()).get();
            return result.toJobExecutionResult(BacktestCluster.class.getClassLoader());
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /**
     * Shuts the cluster down without waiting: a job's results are complete when {@link #execute} returns,
     * and the caller writes its report meanwhile.
     */
    public CompletableFuture<Void> closeAsync() {
        return cluster.closeAsync();
    }

    /** Shut-downs under way, awaited before the process exits ({@link #awaitShutdowns}). */
    private static final java.util.Queue<CompletableFuture<?>> CLOSING = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** {@link #closeAsync} of a cluster still starting, once it has started. */
    public static void closeWhenStarted(CompletableFuture<BacktestCluster> starting) {
        CLOSING.add(starting.thenCompose(BacktestCluster::closeAsync));
    }

    /**
     * Waits, at most {@code max}, for the clusters being shut down: an exit in the middle of a shut-down
     * interrupts the cluster's threads, which then log what they were doing, stack traces included.
     */
    public static void awaitShutdowns(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (CompletableFuture<?> f; (f = CLOSING.poll()) != null; ) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                return; // a cluster that fails to close or takes longer: the process exits anyway
            }
        }
    }
}
