package io.spreadflow.job;

import io.spreadflow.backtest.BacktestInput;
import io.spreadflow.backtest.BacktestJob;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Savepoints map state to operators by uid: an operator whose uid disappears or is renamed loses its state
 * on the next restore. The uids of every graph the project builds are listed here, as released; a change
 * must add to this list, never remove from it (or ship a documented state migration).
 */
class OperatorUidTest {

    /** The stateful and source operators of the live job, as released in 0.1.0. */
    private static final Set<String> LIVE_UIDS = Set.of("ticks-source", "tick-triage", "instrument-engine", "outputs-by-kind",
            "signals-sink", "order-intents-sink", "executions-sink", "dead-letters-sink");
    /** The live loop adds the execution service's reports and the HTTP sink. */
    private static final Set<String> LIVE_LOOP_UIDS = Set.of("executions-source", "order-intent-service-sink");

    private static Set<String> uids(StreamGraph graph) {
        Set<String> uids = new TreeSet<>();
        for (StreamNode n : graph.getStreamNodes()) if (n.getTransformationUID() != null) uids.add(n.getTransformationUID());
        return uids;
    }

    /** Every node of the graph carries a uid (a missing one would be generated from the graph's shape, which changes). */
    private static void assertEveryNodeHasAUid(StreamGraph graph) {
        for (StreamNode n : graph.getStreamNodes()) {
            assertThat(n.getTransformationUID()).as("uid of %s", n.getOperatorName()).isNotBlank();
        }
    }

    private static StreamGraph liveGraph(String... extra) {
        Configuration options = JobOptions.fromArgs(concat(new String[] {"--bootstrap", "localhost:1"}, extra));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
        SpreadflowJob.defineLiveJob(env, options, EngineConfigs.engineFactory(options));
        return env.getStreamGraph();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theLiveJobKeepsEveryReleasedUid() {
        StreamGraph graph = liveGraph();
        assertEveryNodeHasAUid(graph);
        assertThat(uids(graph)).containsAll(LIVE_UIDS);
    }

    @Test
    void theLiveLoopKeepsEveryReleasedUid() {
        StreamGraph graph = liveGraph("--execution-endpoint", "http://localhost:1", "--spreadflow.execution.token", "t");
        assertEveryNodeHasAUid(graph);
        Set<String> expected = new TreeSet<>(LIVE_UIDS);
        expected.remove("executions-sink"); // the live loop's executions belong to the service
        expected.addAll(LIVE_LOOP_UIDS);
        assertThat(uids(graph)).containsAll(expected);
    }

    @Test
    void theEngineOperatorCarriesItsStateUnderItsUid() {
        StreamGraph graph = liveGraph();
        assertThat(graph.getStreamNodes()).filteredOn(n -> n.getOperatorName().equals("instrument engine"))
                .singleElement().satisfies(n -> assertThat(n.getTransformationUID()).isEqualTo("instrument-engine"));
    }

    /**
     * Within its uid, the engine operator's state is found by state name: these names stay, as released
     * ({@code instrument}: the whole engine state of 0.1.0, read when restoring its savepoints).
     */
    @Test
    void theEngineOperatorKeepsEveryReleasedStateName() throws Exception {
        Set<String> names = new TreeSet<>();
        for (var d : StateSerializersTest.descriptors(new EngineFunction(EngineFactory.of(EngineConfigs.demo()), "ticks")).values()) {
            names.add(d.getName());
        }
        assertThat(names).containsAll(Set.of("instrument", "report", "market", "book", "positions"));
        assertThat(EngineFunction.LEGACY_STATE.getName()).isEqualTo("instrument");
        assertThat(EngineFunction.POSITIONS).isInstanceOf(org.apache.flink.api.common.state.MapStateDescriptor.class);
    }

    @Test
    void theBacktestNamesItsOperatorsToo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path ticks = java.nio.file.Files.writeString(dir.resolve("ticks.csv"), "timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty\n");
        BacktestJob.Plan plan = new BacktestJob.Plan(List.of(EngineConfigs.demo()), new BacktestInput.Files(List.of(ticks), 1),
                RuntimeExecutionMode.BATCH, null, null, 2, 0);
        StreamExecutionEnvironment env = BacktestJob.environment(plan);
        BacktestJob.define(env, plan, EngineFactory.of(EngineConfigs.demo()), s -> s.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>()).uid("results"));
        StreamGraph graph = env.getStreamGraph();
        assertEveryNodeHasAUid(graph);
        assertThat(uids(graph)).contains("ticks-source", "tick-triage", "instrument-engine");
    }
}
