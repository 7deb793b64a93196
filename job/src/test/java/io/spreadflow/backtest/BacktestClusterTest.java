package io.spreadflow.backtest;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local cluster a backtest runs on: a job's end and its failure reach the caller. */
class BacktestClusterTest {

    private static StreamExecutionEnvironment batch() {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    @Test
    void runsAJobToItsEndAndShutsDown() throws Exception {
        CompletableFuture<BacktestCluster> starting = BacktestCluster.startAsync(2);
        StreamExecutionEnvironment env = batch();
        env.fromSequence(1, 1000).setParallelism(2).map(x -> x * 2).returns(Types.LONG).setParallelism(2).sinkTo(new DiscardingSink<>());
        BacktestCluster cluster = BacktestCluster.await(starting);
        assertThat(cluster.execute(env.getStreamGraph()).getJobID()).isNotNull();
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aFailedJobThrowsItsCause() throws Exception {
        BacktestCluster cluster = BacktestCluster.start(1);
        try {
            StreamExecutionEnvironment env = batch();
            env.setParallelism(1);
            env.fromSequence(1, 10).map(x -> {
                if (x == 5) throw new IllegalStateException("tick 5 is broken");
                return x;
            }).returns(Types.LONG).sinkTo(new DiscardingSink<>());
            assertThatThrownBy(() -> cluster.execute(env.getStreamGraph()))
                    .isInstanceOf(JobExecutionException.class)
                    .hasRootCauseMessage("tick 5 is broken");
        } finally {
            cluster.closeAsync().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClusterThatIsNeverUsedIsShutDownOnceStarted() throws Exception {
        CompletableFuture<BacktestCluster> starting = BacktestCluster.startAsync(1);
        BacktestCluster.closeWhenStarted(starting);
        // closing again (as a command's clean-up after the job does) is harmless and completes
        BacktestCluster.await(starting).closeAsync().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aClusterNeedsASlot() {
        assertThatThrownBy(() -> BacktestCluster.startAsync(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
